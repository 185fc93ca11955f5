using System.Numerics;

namespace Custody.Gcp.Firestore;

/// <summary>
/// The fields of a document or of a nested map, with typed, validating accessors for mappers.
/// A missing field or a field of the wrong type throws <see cref="FormatException"/> naming the field
/// (never its value). Build one with a collection initializer: <c>new FieldMap { ["a"] = FieldValue.Integer(1) }</c>.
/// </summary>
public sealed class FieldMap : IEnumerable<KeyValuePair<string, FieldValue>>
{
    private readonly Dictionary<string, FieldValue> _fields;

    public FieldMap() => _fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);

    public FieldMap(IReadOnlyDictionary<string, FieldValue> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            this[name] = value;
        }
    }

    public IReadOnlyDictionary<string, FieldValue> Fields => _fields;

    public int Count => _fields.Count;

    public FieldValue this[string name]
    {
        get => _fields.TryGetValue(name, out var value) ? value : throw new FormatException($"The field '{name}' is missing.");
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(name);
            ArgumentNullException.ThrowIfNull(value);
            _fields[name] = value;
        }
    }

    public bool Contains(string name) => _fields.ContainsKey(name);

    public bool TryGet(string name, out FieldValue value) => _fields.TryGetValue(name, out value!);

    public string GetString(string name) => Read(name, v => v.AsString());

    /// <summary>A string field that may be absent or null.</summary>
    public string? GetOptionalString(string name) => IsAbsent(name) ? null : GetString(name);

    public long GetInteger(string name) => Read(name, v => v.AsInteger());

    public double GetDouble(string name) => Read(name, v => v.AsDouble());

    public bool GetBoolean(string name) => Read(name, v => v.AsBoolean());

    public DateTimeOffset GetTimestamp(string name) => Read(name, v => v.AsTimestamp());

    public DateTimeOffset? GetOptionalTimestamp(string name) => IsAbsent(name) ? null : GetTimestamp(name);

    public ReadOnlyMemory<byte> GetBytes(string name) => Read(name, v => v.AsBytes());

    public BigInteger GetBigInteger(string name) => Read(name, v => v.AsBigInteger());

    public BigInteger GetUInt256(string name) => Read(name, v => v.AsUInt256());

    public FieldMap GetMap(string name) => Read(name, v => v.AsMap());

    public IReadOnlyList<FieldValue> GetArray(string name) => Read(name, v => v.AsArray());

    /// <summary>A map of string values (attributes, labels).</summary>
    public IReadOnlyDictionary<string, string> GetStringMap(string name) =>
        Read(name, v => v.AsMap().Fields.ToDictionary(pair => pair.Key, pair => pair.Value.AsString(), StringComparer.Ordinal));

    /// <summary>Builds a map value from string pairs (attributes, labels).</summary>
    public static FieldValue StringMap(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return FieldValue.Map(values.ToDictionary(pair => pair.Key, pair => FieldValue.String(pair.Value), StringComparer.Ordinal));
    }

    public void Add(string name, FieldValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        _fields.Add(name, value);
    }

    public IEnumerator<KeyValuePair<string, FieldValue>> GetEnumerator() => _fields.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"FieldMap({_fields.Count} fields)";

    private bool IsAbsent(string name) => !_fields.TryGetValue(name, out var value) || value.IsNull;

    private T Read<T>(string name, Func<FieldValue, T> read)
    {
        try
        {
            return read(this[name]);
        }
        catch (FormatException ex) when (!ex.Message.StartsWith("The field", StringComparison.Ordinal))
        {
            throw new FormatException($"The field '{name}' is invalid: {ex.Message}", ex);
        }
    }
}
