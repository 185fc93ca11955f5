using System.Globalization;
using System.Numerics;

namespace Custody.Ethereum;

/// <summary>
/// An unsigned 256-bit integer (the EVM word): 0 ≤ value ≤ 2^256−1. Construction validates the range;
/// arithmetic is checked and throws <see cref="OverflowException"/> rather than wrapping.
/// </summary>
public readonly struct UInt256 : IEquatable<UInt256>, IComparable<UInt256>, IComparable
{
    /// <summary>Size of the big-endian encoding in bytes.</summary>
    public const int ByteLength = 32;

    private static readonly BigInteger Max = (BigInteger.One << 256) - 1;

    private readonly BigInteger _value;

    private UInt256(BigInteger value) => _value = value;

    public static UInt256 Zero => default;

    public static UInt256 One => new(BigInteger.One);

    /// <summary>2^256 − 1.</summary>
    public static UInt256 MaxValue => new(Max);

    public bool IsZero => _value.IsZero;

    /// <summary>Number of bytes of the minimal big-endian encoding (0 for zero).</summary>
    public int MinimalByteLength => _value.IsZero ? 0 : (int)((_value.GetBitLength() + 7) / 8);

    public static bool TryCreate(BigInteger value, out UInt256 result)
    {
        if (value.Sign < 0 || value > Max)
        {
            result = default;
            return false;
        }

        result = new UInt256(value);
        return true;
    }

    /// <summary>Creates a value, throwing <see cref="OverflowException"/> outside [0, 2^256−1].</summary>
    public static UInt256 Create(BigInteger value) =>
        TryCreate(value, out var result)
            ? result
            : throw new OverflowException("A UInt256 must be between 0 and 2^256-1.");

    /// <summary>Reads an unsigned big-endian integer of at most 32 bytes (leading zeros allowed).</summary>
    public static bool TryCreate(ReadOnlySpan<byte> bigEndian, out UInt256 result)
    {
        if (bigEndian.Length > ByteLength)
        {
            result = default;
            return false;
        }

        result = new UInt256(new BigInteger(bigEndian, isUnsigned: true, isBigEndian: true));
        return true;
    }

    /// <summary>Reads an unsigned big-endian integer of at most 32 bytes, or throws.</summary>
    public static UInt256 Create(ReadOnlySpan<byte> bigEndian) =>
        TryCreate(bigEndian, out var result)
            ? result
            : throw new EthereumFormatException("A UInt256 is at most 32 bytes.");

    /// <summary>
    /// Parses a decimal string ("123") or a 0x-prefixed hex string ("0x7b", "0x0" allowed).
    /// Signs, whitespace, separators and empty digits are rejected.
    /// </summary>
    public static bool TryParse(string? text, out UInt256 result)
    {
        result = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        BigInteger value;
        if (text.Length >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
        {
            var digits = text.AsSpan(2);
            if (digits.IsEmpty || digits.Length > 64 + 1 || !AllHex(digits))
            {
                return false;
            }

            // A leading "0" keeps BigInteger from reading the top bit as a sign.
            value = BigInteger.Parse("0" + digits.ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        }
        else
        {
            if (text.Length > 78 || !AllDecimal(text))
            {
                return false;
            }

            value = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        }

        return TryCreate(value, out result);
    }

    /// <summary>Parses decimal or 0x-hex, or throws <see cref="EthereumFormatException"/>.</summary>
    public static UInt256 Parse(string? text) =>
        TryParse(text, out var result)
            ? result
            : throw new EthereumFormatException("Expected an unsigned 256-bit integer as decimal digits or 0x-hex.");

    public BigInteger ToBigInteger() => _value;

    /// <summary>The value as a ulong, throwing <see cref="OverflowException"/> if it does not fit.</summary>
    public ulong ToUInt64() => (ulong)_value;

    /// <summary>Writes the 32-byte big-endian (ABI word) encoding.</summary>
    public void WriteBigEndian(Span<byte> destination)
    {
        if (destination.Length < ByteLength)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        destination[..ByteLength].Clear();
        var length = MinimalByteLength;
        if (length > 0)
        {
            _value.TryWriteBytes(destination.Slice(ByteLength - length, length), out _, isUnsigned: true, isBigEndian: true);
        }
    }

    /// <summary>The 32-byte big-endian encoding.</summary>
    public byte[] ToBigEndianBytes()
    {
        var bytes = new byte[ByteLength];
        WriteBigEndian(bytes);
        return bytes;
    }

    /// <summary>The minimal big-endian encoding without leading zeros (empty for zero), as RLP requires.</summary>
    public byte[] ToMinimalBigEndianBytes() =>
        _value.IsZero ? [] : _value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>Decimal digits.</summary>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <summary>JSON-RPC QUANTITY notation: 0x-prefixed, lower case, no leading zeros ("0x0" for zero).</summary>
    public string ToHexQuantity()
    {
        if (_value.IsZero)
        {
            return "0x0";
        }

        return "0x" + Convert.ToHexStringLower(ToMinimalBigEndianBytes()).TrimStart('0');
    }

    public static UInt256 Add(UInt256 left, UInt256 right) => Create(left._value + right._value);

    public static UInt256 Subtract(UInt256 left, UInt256 right) => Create(left._value - right._value);

    public static UInt256 Multiply(UInt256 left, UInt256 right) => Create(left._value * right._value);

    public static UInt256 Divide(UInt256 left, UInt256 right) =>
        right.IsZero ? throw new DivideByZeroException() : new UInt256(left._value / right._value);

    public static UInt256 Mod(UInt256 left, UInt256 right) =>
        right.IsZero ? throw new DivideByZeroException() : new UInt256(left._value % right._value);

    public static UInt256 operator +(UInt256 left, UInt256 right) => Add(left, right);

    public static UInt256 operator -(UInt256 left, UInt256 right) => Subtract(left, right);

    public static UInt256 operator *(UInt256 left, UInt256 right) => Multiply(left, right);

    public static UInt256 operator /(UInt256 left, UInt256 right) => Divide(left, right);

    public static UInt256 operator %(UInt256 left, UInt256 right) => Mod(left, right);

    public static implicit operator UInt256(ulong value) => new(value);

    public static UInt256 FromUInt64(ulong value) => new(value);

    public static bool operator ==(UInt256 left, UInt256 right) => left.Equals(right);

    public static bool operator !=(UInt256 left, UInt256 right) => !left.Equals(right);

    public static bool operator <(UInt256 left, UInt256 right) => left.CompareTo(right) < 0;

    public static bool operator >(UInt256 left, UInt256 right) => left.CompareTo(right) > 0;

    public static bool operator <=(UInt256 left, UInt256 right) => left.CompareTo(right) <= 0;

    public static bool operator >=(UInt256 left, UInt256 right) => left.CompareTo(right) >= 0;

    public bool Equals(UInt256 other) => _value.Equals(other._value);

    public override bool Equals(object? obj) => obj is UInt256 other && Equals(other);

    public override int GetHashCode() => _value.GetHashCode();

    public int CompareTo(UInt256 other) => _value.CompareTo(other._value);

    public int CompareTo(object? obj) => obj switch
    {
        null => 1,
        UInt256 other => CompareTo(other),
        _ => throw new ArgumentException("Expected a UInt256.", nameof(obj)),
    };

    private static bool AllHex(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDecimal(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
