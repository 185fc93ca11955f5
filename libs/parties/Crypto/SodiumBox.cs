using System.Runtime.InteropServices;

namespace Custody.Parties.Crypto;

/// <summary>
/// The libsodium functions the party channel uses (native library from the pinned <c>libsodium</c> package):
/// X25519 (RFC 7748), BLAKE2b (RFC 7693) and XChaCha20-Poly1305 (the IETF AEAD construction with a 24-byte nonce).
/// </summary>
internal static unsafe partial class SodiumBox
{
    public const int KeyLength = 32;
    public const int NonceLength = 24;
    public const int TagLength = 16;

    private const string Library = "libsodium";

    static SodiumBox()
    {
        if (Initialize() < 0)
        {
            throw new InvalidOperationException("libsodium failed to initialise.");
        }
    }

    /// <summary>X25519 of a secret scalar and a public point; false for a low-order point (an all-zero result).</summary>
    public static bool SharedSecret(Span<byte> shared, ReadOnlySpan<byte> secretKey, ReadOnlySpan<byte> publicKey)
    {
        fixed (byte* q = shared)
        fixed (byte* n = secretKey)
        fixed (byte* p = publicKey)
        {
            return ScalarMult(q, n, p) == 0;
        }
    }

    public static void PublicKey(Span<byte> publicKey, ReadOnlySpan<byte> secretKey)
    {
        fixed (byte* q = publicKey)
        fixed (byte* n = secretKey)
        {
            if (ScalarMultBase(q, n) != 0)
            {
                throw new InvalidOperationException("X25519 public key derivation failed.");
            }
        }
    }

    /// <summary>BLAKE2b with an output of <paramref name="output"/>'s length (16..64 bytes).</summary>
    public static void Hash(Span<byte> output, ReadOnlySpan<byte> input)
    {
        fixed (byte* o = output)
        fixed (byte* i = input)
        {
            if (GenericHash(o, (nuint)output.Length, i, (ulong)input.Length, null, 0) != 0)
            {
                throw new InvalidOperationException("BLAKE2b failed.");
            }
        }
    }

    public static void Encrypt(Span<byte> ciphertext, ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        fixed (byte* c = ciphertext)
        fixed (byte* m = plaintext)
        fixed (byte* ad = associatedData)
        fixed (byte* npub = nonce)
        fixed (byte* k = key)
        {
            ulong length;
            if (AeadEncrypt(c, &length, m, (ulong)plaintext.Length, ad, (ulong)associatedData.Length, null, npub, k) != 0)
            {
                throw new InvalidOperationException("XChaCha20-Poly1305 encryption failed.");
            }
        }
    }

    /// <summary>False when the tag does not verify (altered ciphertext, other associated data or another key).</summary>
    public static bool Decrypt(Span<byte> plaintext, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> key)
    {
        fixed (byte* m = plaintext)
        fixed (byte* c = ciphertext)
        fixed (byte* ad = associatedData)
        fixed (byte* npub = nonce)
        fixed (byte* k = key)
        {
            ulong length;
            return AeadDecrypt(m, &length, null, c, (ulong)ciphertext.Length, ad, (ulong)associatedData.Length, npub, k) == 0;
        }
    }

    [LibraryImport(Library, EntryPoint = "sodium_init")]
    private static partial int Initialize();

    [LibraryImport(Library, EntryPoint = "crypto_scalarmult")]
    private static partial int ScalarMult(byte* q, byte* n, byte* p);

    [LibraryImport(Library, EntryPoint = "crypto_scalarmult_base")]
    private static partial int ScalarMultBase(byte* q, byte* n);

    [LibraryImport(Library, EntryPoint = "crypto_generichash")]
    private static partial int GenericHash(byte* output, nuint outputLength, byte* input, ulong inputLength, byte* key, nuint keyLength);

    [LibraryImport(Library, EntryPoint = "crypto_aead_xchacha20poly1305_ietf_encrypt")]
    private static partial int AeadEncrypt(byte* c, ulong* clen, byte* m, ulong mlen, byte* ad, ulong adlen, byte* nsec, byte* npub, byte* k);

    [LibraryImport(Library, EntryPoint = "crypto_aead_xchacha20poly1305_ietf_decrypt")]
    private static partial int AeadDecrypt(byte* m, ulong* mlen, byte* nsec, byte* c, ulong clen, byte* ad, ulong adlen, byte* npub, byte* k);
}
