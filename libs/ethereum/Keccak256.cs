using Org.BouncyCastle.Crypto.Digests;

namespace Custody.Ethereum;

/// <summary>
/// Keccak-256 as used by Ethereum (the original Keccak padding, not NIST SHA3-256).
/// Keccak-256("") = c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470.
/// </summary>
public static class Keccak256
{
    /// <summary>Digest length in bytes.</summary>
    public const int HashLength = 32;

    /// <summary>Returns the 32-byte Keccak-256 digest of <paramref name="data"/>.</summary>
    public static byte[] Hash(ReadOnlySpan<byte> data)
    {
        var output = new byte[HashLength];
        Hash(data, output);
        return output;
    }

    /// <summary>Writes the 32-byte Keccak-256 digest of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        if (destination.Length < HashLength)
        {
            throw new ArgumentException("The destination must hold 32 bytes.", nameof(destination));
        }

        var digest = new KeccakDigest(256);
        digest.BlockUpdate(data);
        digest.DoFinal(destination);
    }
}
