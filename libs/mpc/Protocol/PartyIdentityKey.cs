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

    /// <summary>
    /// A signature for a use outside the MPC rounds (for example the party channel's handshake): the signed bytes are
    /// <c>"custody/identity/context/v1" || u8 len || context || message</c>, which no MPC statement can equal (those
    /// start with a 4-byte length), so no such signature can be passed off as a protocol message.
    /// </summary>
    public byte[] SignInContext(string context, ReadOnlySpan<byte> message) => Sign(InContext(context, message));

    /// <summary>Checks a <see cref="SignInContext"/> signature against a pinned public key.</summary>
    public static bool VerifyInContext(ReadOnlySpan<byte> signature, string context, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey) =>
        signature.Length == SignedStatement.SignatureLength && publicKey.Length == PublicKeyLength && SodiumSign.Verify(signature, InContext(context, message), publicKey);

    private static byte[] InContext(string context, ReadOnlySpan<byte> message)
    {
        var tag = System.Text.Encoding.ASCII.GetBytes(context);
        if (tag.Length is 0 or > 255)
        {
            throw new ArgumentException("the context is 1..255 ASCII characters", nameof(context));
        }

        return [.. "custody/identity/context/v1"u8, (byte)tag.Length, .. tag, .. message];
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
