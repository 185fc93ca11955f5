using System.Runtime.InteropServices;

namespace Custody.Mpc.Ot.Group;

/// <summary>libsodium's Ed25519 (RFC 8032) signature functions, for the party identity keys (<see cref="Protocol.PartyIdentityKey"/>).</summary>
internal static unsafe partial class SodiumSign
{
    private const string Library = "libsodium";

    static SodiumSign()
    {
        if (SodiumNative.Initialize() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    /// <summary>pk (32 bytes) and sk (64 bytes: seed || pk) from a 32-byte seed.</summary>
    public static void KeyPair(Span<byte> publicKey, Span<byte> secretKey, ReadOnlySpan<byte> seed)
    {
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secretKey)
        fixed (byte* s = seed)
        {
            if (SeedKeyPair(pk, sk, s) != 0)
            {
                throw new InvalidOperationException("Ed25519 key generation failed.");
            }
        }
    }

    public static void Sign(Span<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> secretKey)
    {
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* sk = secretKey)
        {
            if (Detached(sig, null, m, (ulong)message.Length, sk) != 0)
            {
                throw new InvalidOperationException("Ed25519 signing failed.");
            }
        }
    }

    public static bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* pk = publicKey)
        {
            return VerifyDetached(sig, m, (ulong)message.Length, pk) == 0;
        }
    }

    [LibraryImport(Library, EntryPoint = "crypto_sign_seed_keypair")]
    private static partial int SeedKeyPair(byte* pk, byte* sk, byte* seed);

    [LibraryImport(Library, EntryPoint = "crypto_sign_detached")]
    private static partial int Detached(byte* sig, ulong* siglen, byte* m, ulong mlen, byte* sk);

    [LibraryImport(Library, EntryPoint = "crypto_sign_verify_detached")]
    private static partial int VerifyDetached(byte* sig, byte* m, ulong mlen, byte* pk);
}
