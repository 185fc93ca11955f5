using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Custody.Messaging;

/// <summary>
/// An event as the bus knows it: a stable wire name (the CloudEvents <c>ce-type</c>, never the CLR type name)
/// and its source-generated JSON metadata. See <see cref="EventType{T}"/>.
/// </summary>
public abstract record EventType
{
    /// <summary>Longest accepted wire name.</summary>
    public const int MaxWireNameLength = 128;

    private protected EventType(string wireName)
    {
        if (!IsValidWireName(wireName))
        {
            throw new ArgumentException(
                $"A wire name is 1-{MaxWireNameLength} characters of A-Z a-z 0-9 . _ : - starting with a letter or digit (e.g. custody.transaction.requested.v1).",
                nameof(wireName));
        }

        WireName = wireName;
    }

    /// <summary>The stable name carried in <c>ce-type</c>, e.g. <c>custody.transaction.requested.v1</c>.</summary>
    public string WireName { get; }

    /// <summary>The CLR type the wire name maps to.</summary>
    public abstract Type ClrType { get; }

    /// <summary>True for a usable wire name: printable ASCII identifiers only, so it is safe in attributes and logs.</summary>
    public static bool IsValidWireName(string? wireName) =>
        !string.IsNullOrEmpty(wireName) && wireName.Length <= MaxWireNameLength && char.IsAsciiLetterOrDigit(wireName[0]) &&
        wireName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-');
}

/// <summary>
/// A typed event: wire name plus the <see cref="JsonTypeInfo{T}"/> of a source-generated
/// <c>JsonSerializerContext</c> (no reflection-based serialization), and an optional shape check run on
/// every received event (a failed check makes the message poison).
/// </summary>
/// <example><c>new EventType&lt;TransactionRequested&gt;(TransactionRequested.WireName, ContractsJsonContext.Default.TransactionRequested, e =&gt; e.Validate())</c></example>
public sealed record EventType<T> : EventType
{
    public EventType(string WireName, JsonTypeInfo<T> JsonTypeInfo, Func<T, IReadOnlyList<string>>? Validate = null)
        : base(WireName)
    {
        ArgumentNullException.ThrowIfNull(JsonTypeInfo);
        this.JsonTypeInfo = JsonTypeInfo;
        this.Validate = Validate;
    }

    /// <summary>Source-generated metadata used for both directions.</summary>
    public JsonTypeInfo<T> JsonTypeInfo { get; }

    /// <summary>Optional shape check of a received event; each entry is "path: reason" and must not quote the payload.</summary>
    public Func<T, IReadOnlyList<string>>? Validate { get; }

    public override Type ClrType => typeof(T);

    /// <summary>UTF-8 JSON of <paramref name="event"/>.</summary>
    public byte[] Serialize(T @event) => JsonSerializer.SerializeToUtf8Bytes(@event, JsonTypeInfo);

    /// <summary>The event in <paramref name="data"/>, or null with a reason when it is not a valid <typeparamref name="T"/>.</summary>
    internal T? TryDeserialize(ReadOnlySpan<byte> data, out string? problem)
    {
        T? value;
        try
        {
            value = JsonSerializer.Deserialize(data, JsonTypeInfo);
        }
        catch (JsonException ex)
        {
            // The exception names the JSON path and position only, never values.
            problem = $"the data is not valid JSON for {WireName} (path {ex.Path ?? "$"})";
            return default;
        }

        if (value is null)
        {
            problem = $"the data of {WireName} is JSON null";
            return default;
        }

        var errors = Validate?.Invoke(value);
        if (errors is { Count: > 0 })
        {
            problem = $"{WireName} failed its shape check: " + string.Join("; ", errors.Take(5));
            return default;
        }

        problem = null;
        return value;
    }
}
