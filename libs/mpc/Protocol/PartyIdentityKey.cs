using System.Security.Cryptography;
using Custody.Mpc.Ot.Group;

namespace Custody.Mpc.Protocol;

/// <summary>
/// A party's Ed25519 identity key (RFC 8032, libsodium): it signs the party's protocol messages
/// (<see cref="MpcEnvelope.Sign"/>) so that what a party said can be shown to a third party, which is what turns a
/// blame for equivocation into a proof. Secret; wiped on <see cref="Dispose"/>; never printed.
/// </summary>
public sealed class PartyIdentityKey : IDisposable
{
    public const int SeedLength = 32;

    public const int PublicKeyLength = 32;

    private readonly byte[] _secretKey = new byte[64];
    private bool _disposed;

    private PartyIdentityKey(ReadOnlySpan<byte> seed)
    {
        PublicKey = new byte[PublicKeyLength];
        SodiumSign.KeyPair(PublicKey, _secretKey, seed);
    }

    /// <summary>The public key the other parties pin for this party.</summary>
    public byte[] PublicKey { get; }

    /// <summary>The key of a 32-byte secret seed (unsealed by the caller like a key share).</summary>
    public static PartyIdentityKey FromSeed(ReadOnlySpan<byte> seed) =>
        seed.Length == SeedLength ? new PartyIdentityKey(seed) : throw new ArgumentException("the seed is 32 bytes", nameof(seed));

    /// <summary>A fresh key from the operating system CSPRNG.</summary>
    public static PartyIdentityKey Generate()
    {
        Span<byte> seed = stackalloc byte[SeedLength];
        RandomNumberGenerator.Fill(seed);
        try
        {
            return new PartyIdentityKey(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    /// <summary>An RFC 8032 Ed25519 signature of <paramref name="message"/> (64 bytes).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var signature = new byte[SignedStatement.SignatureLength];
        SodiumSign.Sign(signature, message, _secretKey);
        return signature;
    }

    public void Dispose()
    {
        _disposed = true;
        CryptographicOperations.ZeroMemory(_secretKey);
    }

    public override string ToString() => $"PartyIdentityKey({Convert.ToHexString(PublicKey)}, ***)";
}
