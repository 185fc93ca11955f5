using System.Security.Cryptography;

namespace Custody.Gcp.Audit;

/// <summary>A SHA-256 value of the audit chain (32 bytes), stored as 64 lowercase hex characters.</summary>
public readonly struct AuditHash : IEquatable<AuditHash>
{
    public const int Length = 32;
    private readonly byte[]? _bytes;

    private AuditHash(byte[] bytes) => _bytes = bytes;

    /// <summary>The "previous hash" of entry 1: 32 zero bytes.</summary>
    public static AuditHash Genesis { get; } = new(new byte[Length]);

    public ReadOnlySpan<byte> Bytes => _bytes ?? Genesis._bytes!;

    public static AuditHash FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length == Length ? new AuditHash(bytes.ToArray()) : throw new ArgumentException($"An audit hash is {Length} bytes.", nameof(bytes));

    public static bool TryParse(string? hex, out AuditHash hash)
    {
        hash = default;
        if (hex is null || hex.Length != Length * 2 || hex.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
        {
            return false;
        }

        hash = new AuditHash(Convert.FromHexString(hex));
        return true;
    }

    public static AuditHash Parse(string hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException("An audit hash is 64 lowercase hex characters.");

    public bool Equals(AuditHash other) => CryptographicOperations.FixedTimeEquals(Bytes, other.Bytes);

    public override bool Equals(object? obj) => obj is AuditHash other && Equals(other);

    public override int GetHashCode() => BitConverter.ToInt32(Bytes[..4]);

    public override string ToString() => Convert.ToHexStringLower(Bytes);

    public static bool operator ==(AuditHash left, AuditHash right) => left.Equals(right);

    public static bool operator !=(AuditHash left, AuditHash right) => !left.Equals(right);
}
