using System.Globalization;
using System.Numerics;

namespace Custody.Gcp.Firestore;

/// <summary>
/// One Firestore field value, independent of the generated protobuf types (which are internal).
/// Mappers (<see cref="IDocumentMapper{T}"/>) build these explicitly, so no reflection is involved.
/// Big integers (uint256 amounts) are stored as canonical decimal strings: Firestore integers are 64-bit.
/// Timestamps have microsecond precision in Firestore; <see cref="Timestamp"/> truncates to microseconds
/// so that a value reads back exactly as written.
/// </summary>
public sealed class FieldValue : IEquatable<FieldValue>
{
    private static readonly IReadOnlyDictionary<string, FieldValue> EmptyMap = new Dictionary<string, FieldValue>();

    private readonly object? _value;

    private FieldValue(FieldValueKind kind, object? value)
    {
        Kind = kind;
        _value = value;
    }

    public static FieldValue Null { get; } = new(FieldValueKind.Null, null);

    public static FieldValue True { get; } = new(FieldValueKind.Boolean, true);

    public static FieldValue False { get; } = new(FieldValueKind.Boolean, false);

    public FieldValueKind Kind { get; }

    public bool IsNull => Kind == FieldValueKind.Null;

    public static FieldValue Boolean(bool value) => value ? True : False;

    public static FieldValue Integer(long value) => new(FieldValueKind.Integer, value);

    public static FieldValue Double(double value) => new(FieldValueKind.Double, value);

    public static FieldValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(FieldValueKind.String, value);
    }

    /// <summary>A big integer stored as its canonical decimal string (no leading zeros, '-' only when negative).</summary>
    public static FieldValue BigInteger(BigInteger value) => String(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>An unsigned 256-bit integer (0 .. 2^256-1) stored as a canonical decimal string.</summary>
    public static FieldValue UInt256(BigInteger value)
    {
        if (!DecimalIntegers.IsUInt256(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "A uint256 must be between 0 and 2^256-1.");
        }

        return BigInteger(value);
    }

    public static FieldValue Bytes(ReadOnlySpan<byte> value) => new(FieldValueKind.Bytes, value.ToArray());

    /// <summary>A timestamp, truncated to whole microseconds (Firestore's precision).</summary>
    public static FieldValue Timestamp(DateTimeOffset value) => new(FieldValueKind.Timestamp, TruncateToMicroseconds(value.ToUniversalTime()));

    public static FieldValue Map(IReadOnlyDictionary<string, FieldValue> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var copy = new Dictionary<string, FieldValue>(fields.Count, StringComparer.Ordinal);
        foreach (var (name, value) in fields)
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(fields));
            copy.Add(name, value ?? throw new ArgumentException($"Field '{name}' is null; use FieldValue.Null.", nameof(fields)));
        }

        return new(FieldValueKind.Map, copy);
    }

    public static FieldValue Map(FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Map(fields.Fields);
    }

    public static FieldValue Array(IEnumerable<FieldValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        if (copy.Any(v => v is null))
        {
            throw new ArgumentException("Array elements must not be null; use FieldValue.Null.", nameof(values));
        }

        if (copy.Any(v => v.Kind == FieldValueKind.Array))
        {
            throw new ArgumentException("Firestore does not allow an array directly inside an array.", nameof(values));
        }

        return new(FieldValueKind.Array, copy);
    }

    public bool AsBoolean() => (bool)Expect(FieldValueKind.Boolean);

    public long AsInteger() => (long)Expect(FieldValueKind.Integer);

    public double AsDouble() => (double)Expect(FieldValueKind.Double);

    public string AsString() => (string)Expect(FieldValueKind.String);

    public ReadOnlyMemory<byte> AsBytes() => (byte[])Expect(FieldValueKind.Bytes);

    public DateTimeOffset AsTimestamp() => (DateTimeOffset)Expect(FieldValueKind.Timestamp);

    public FieldMap AsMap() => new((IReadOnlyDictionary<string, FieldValue>)Expect(FieldValueKind.Map));

    public IReadOnlyList<FieldValue> AsArray() => (FieldValue[])Expect(FieldValueKind.Array);

    /// <summary>A decimal string parsed strictly as an integer (canonical form only).</summary>
    public BigInteger AsBigInteger() => DecimalIntegers.Parse(AsString());

    /// <summary>A decimal string parsed strictly as a uint256.</summary>
    public BigInteger AsUInt256()
    {
        var value = AsBigInteger();
        return DecimalIntegers.IsUInt256(value) ? value : throw new FormatException("The stored value is not a uint256 (0 .. 2^256-1).");
    }

    public bool Equals(FieldValue? other)
    {
        if (other is null || other.Kind != Kind)
        {
            return false;
        }

        return Kind switch
        {
            FieldValueKind.Null => true,
            FieldValueKind.Bytes => ((byte[])_value!).AsSpan().SequenceEqual((byte[])other._value!),
            FieldValueKind.Map => MapsEqual((IReadOnlyDictionary<string, FieldValue>)_value!, (IReadOnlyDictionary<string, FieldValue>)other._value!),
            FieldValueKind.Array => ((FieldValue[])_value!).SequenceEqual((FieldValue[])other._value!),
            _ => Equals(_value, other._value),
        };
    }

    public override bool Equals(object? obj) => Equals(obj as FieldValue);

    public override int GetHashCode() => Kind switch
    {
        FieldValueKind.Null => 0,
        FieldValueKind.Bytes or FieldValueKind.Map or FieldValueKind.Array => HashCode.Combine(Kind),
        _ => HashCode.Combine(Kind, _value),
    };

    /// <summary>The kind only: values may be sensitive and never appear in logs through ToString.</summary>
    public override string ToString() => $"FieldValue({Kind})";

    internal object? RawValue => _value;

    internal static FieldValue FromRawMap(Dictionary<string, FieldValue> fields) => new(FieldValueKind.Map, fields);

    internal static FieldValue FromRawArray(FieldValue[] values) => new(FieldValueKind.Array, values);

    internal static FieldValue FromRawBytes(byte[] value) => new(FieldValueKind.Bytes, value);

    internal static IReadOnlyDictionary<string, FieldValue> Empty => EmptyMap;

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.Ticks - (value.Ticks % (TimeSpan.TicksPerMillisecond / 1000)), TimeSpan.Zero);

    private static bool MapsEqual(IReadOnlyDictionary<string, FieldValue> left, IReadOnlyDictionary<string, FieldValue> right) =>
        left.Count == right.Count && left.All(pair => right.TryGetValue(pair.Key, out var other) && pair.Value.Equals(other));

    private object Expect(FieldValueKind kind) =>
        Kind == kind ? _value! : throw new FormatException($"Expected a {kind} value but found {Kind}.");
}
