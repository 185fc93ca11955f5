namespace Custody.Ethereum;

/// <summary>An immutable 32-byte value: a transaction hash, a storage key, a log topic.</summary>
public readonly struct Bytes32 : IEquatable<Bytes32>
{
    public const int ByteLength = 32;

    // default(Bytes32) has a null array and stands for 32 zero bytes.
    private readonly byte[]? _bytes;

    private Bytes32(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes is null ? new byte[ByteLength] : _bytes;

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Bytes32 value)
    {
        value = default;
        if (bytes.Length != ByteLength)
        {
            return false;
        }

        value = new Bytes32(bytes.ToArray());
        return true;
    }

    public static Bytes32 Create(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var value) ? value : throw new EthereumFormatException("Expected exactly 32 bytes.");

    /// <summary>Parses 0x followed by exactly 64 hex digits.</summary>
    public static bool TryParse(string? text, out Bytes32 value)
    {
        value = default;
        return text is { Length: 66 } && Hex.TryDecode(text, out var bytes) && TryCreate(bytes, out value);
    }

    public static Bytes32 Parse(string? text) =>
        TryParse(text, out var value) ? value : throw new EthereumFormatException("Expected 0x followed by 64 hex digits.");

    public byte[] ToArray() => Span.ToArray();

    /// <summary>0x-prefixed lower-case hex.</summary>
    public override string ToString() => Hex.Encode(Span);

    public bool Equals(Bytes32 other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Bytes32 other && Equals(other);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.AddBytes(Span);
        return hash.ToHashCode();
    }

    public static bool operator ==(Bytes32 left, Bytes32 right) => left.Equals(right);

    public static bool operator !=(Bytes32 left, Bytes32 right) => !left.Equals(right);
}
