using System.Security.Cryptography;

namespace Custody.Parties.Crypto;

/// <summary>
/// A party's long-term X25519 key (RFC 7748): the other parties seal the protocol messages they send it to its
/// public key (<see cref="MessageSeal"/>). Secret; wiped on <see cref="Dispose"/>; never printed.
/// </summary>
public sealed class PartyEncryptionKey : IDisposable
{
    public const int SeedLength = SodiumBox.KeyLength;

    private readonly byte[] _secretKey = new byte[SodiumBox.KeyLength];
    private bool _disposed;

    private PartyEncryptionKey(ReadOnlySpan<byte> seed)
    {
        seed.CopyTo(_secretKey);
        PublicKey = new byte[SodiumBox.KeyLength];
        SodiumBox.PublicKey(PublicKey, _secretKey);
    }

    /// <summary>The public key the other parties pin for this party.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key of a 32-byte secret seed (unsealed by the caller like a key share).</summary>
    public static PartyEncryptionKey FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length == SeedLength ? new PartyEncryptionKey(seed) : throw new ArgumentException("the seed is 32 bytes", nameof(seed));

    /// <summary>A fresh key from the operating system CSPRNG.</summary>
    public static PartyEncryptionKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new PartyEncryptionKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>X25519 with <paramref name="publicKey"/>; false for a low-order public key.</summary>
    internal bool SharedSecret(Span<byte> shared, ReadOnlySpan<byte> publicKey)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return SodiumBox.SharedSecret(shared, _secretKey, publicKey);
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secretKey);
    }

    public override string ToString() => $"PartyEncryptionKey({Convert.ToHexString(PublicKey)}, ***)";
}
