using System.Diagnostics.CodeAnalysis;

namespace Custody.Domain.Hashing;

/// <summary>A 32-byte digest (intent hash, policy id), written as 0x + 64 lower-case hex digits.</summary>
public readonly struct Hash32 : IEquatable<Hash32>
{
    public const int ByteLength = 32;

    private readonly byte[]? _bytes;

    private Hash32(byte[] bytes) => _bytes = bytes;

    public ReadOnlySpan<byte> Span => _bytes ?? new byte[ByteLength];

    public static bool TryCreate(ReadOnlySpan<byte> bytes, out Hash32 hash)
    {
        hash = bytes.Length == ByteLength ? new Hash32(bytes.ToArray()) : default;
        return bytes.Length == ByteLength;
    }

    public static Hash32 Create(ReadOnlySpan<byte> bytes) =>
        TryCreate(bytes, out var hash) ? hash : throw new FormatException("A hash is exactly 32 bytes.");

    /// <summary>Parses 0x + 64 hex digits (either case).</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out Hash32 hash)
    {
        hash = default;
        if (text is null || text.Length != 2 + (2 * ByteLength) || !text.StartsWith("0x", StringComparison.Ordinal) ||
            !text.AsSpan(2).ContainsOnlyHex())
        {
            return false;
        }

        hash = new Hash32(Convert.FromHexString(text.AsSpan(2)));
        return true;
    }

    public static Hash32 Parse(string? text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException("A hash is 0x followed by 64 hex digits.");

    public override string ToString() => "0x" + Convert.ToHexStringLower(Span);

    public bool Equals(Hash32 other) => Span.SequenceEqual(other.Span);

    public override bool Equals(object? obj) => obj is Hash32 other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Span[..4]);

    public static bool operator ==(Hash32 left, Hash32 right) => left.Equals(right);

    public static bool operator !=(Hash32 left, Hash32 right) => !left.Equals(right);
}
