using System.Diagnostics.CodeAnalysis;

namespace Custody.Ethereum;

/// <summary>
/// A 20-byte Ethereum account address. Text form is EIP-55 mixed-case checksum hex.
/// Parsing accepts all-lower or all-upper hex digits unchecked, and mixed case only with a valid
/// EIP-55 checksum.
/// </summary>
public readonly struct Address : IEquatable<Address>
{
    public const int ByteLength = 20;

    // default(Address) has a null array and stands for the zero address.
    private readonly byte[]? _bytes;

    private Address(byte[] bytes) => _bytes = bytes;

    /// <summary>0x0000000000000000000000000000000000000000.</summary>
    public static Address Zero => default;

    /// <summary>The 20 address bytes.</summary>
    public ReadOnlySpan<byte> Span => _bytes is null ? new byte[ByteLength] : _bytes;

    public bool IsZero => _bytes is null || !_bytes.AsSpan().ContainsAnyExcept((byte)0);

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Address address)
    {
        if (bytes.Length != ByteLength)
        {
            address = default;
            return false;
        }

        address = new Address(bytes.ToArray());
        return true;
    }

    public static Address Create(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var address)
            ? address
            : throw new EthereumFormatException("An address is exactly 20 bytes.");

    /// <summary>
    /// Parses "0x" + 40 hex digits. Mixed-case input must carry a correct EIP-55 checksum.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Address address)
    {
        address = default;
        if (text is null || text.Length != 42 || text[0] != '0' || text[1] != 'x')
        {
            return false;
        }

        var digits = text.AsSpan(2);
        var hasLower = false;
        var hasUpper = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }

            hasLower |= char.IsAsciiLetterLower(c);
            hasUpper |= char.IsAsciiLetterUpper(c);
        }

        var bytes = Convert.FromHexString(digits);
        var candidate = new Address(bytes);
        if (hasLower && hasUpper && !digits.SequenceEqual(candidate.ToChecksumString().AsSpan(2)))
        {
            return false;
        }

        address = candidate;
        return true;
    }

    public static Address Parse(string? text)
    {
        if (TryParse(text, out var address))
        {
            return address;
        }

        throw new EthereumFormatException(
            "An address is 0x followed by 40 hex digits; mixed-case input must have a valid EIP-55 checksum.");
    }

    /// <summary>
    /// The address of a secp256k1 public key: the last 20 bytes of Keccak-256(x‖y)
    /// (Yellow Paper, Appendix F, eq. 284). Accepts compressed (33), uncompressed (65) or raw x‖y (64) keys.
    /// </summary>
    public static Address FromPublicKey(ReadOnlySpan<byte> publicKey)
    {
        if (!Secp256k1.TryDecodePoint(publicKey, out var point))
        {
            throw new EthereumFormatException("Not a valid secp256k1 public key.");
        }

        return FromPublicKeyXY(Secp256k1.EncodeXY(point));
    }

    internal static Address FromPublicKeyXY(ReadOnlySpan<byte> xy)
    {
        var hash = Keccak256.Hash(xy);
        return new Address(hash.AsSpan(12).ToArray());
    }

    public byte[] ToArray() => Span.ToArray();

    /// <summary>
    /// EIP-55: hex digit i is upper-cased when nibble i of Keccak-256(lower-case hex) is ≥ 8.
    /// </summary>
    public string ToChecksumString()
    {
        var lower = Convert.ToHexStringLower(Span);
        var hash = Keccak256.Hash(System.Text.Encoding.ASCII.GetBytes(lower));
        var chars = new char[2 + lower.Length];
        chars[0] = '0';
        chars[1] = 'x';
        for (var i = 0; i < lower.Length; i++)
        {
            var nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0f;
            chars[2 + i] = nibble >= 8 ? char.ToUpperInvariant(lower[i]) : lower[i];
        }

        return new string(chars);
    }

    /// <summary>EIP-55 checksum form.</summary>
    public override string ToString() => ToChecksumString();

    public bool Equals(Address other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Address other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(Address left, Address right) => left.Equals(right);

    public static bool operator !=(Address left, Address right) => !left.Equals(right);
}
