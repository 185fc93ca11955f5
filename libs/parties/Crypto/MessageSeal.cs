using System.Security.Cryptography;

namespace Custody.Parties.Crypto;

/// <summary>
/// Seals one protocol message from a sender to a recipient (docs/parties.md "Sealing"): an ephemeral X25519 key e,
/// k = BLAKE2b-256(tag || X25519(e, R) || X25519(S, R) || e_pub || S_pub || R_pub), then XChaCha20-Poly1305 under k
/// with a random 24-byte nonce and the frame header (session, protocol, round, sender, recipient) as associated
/// data. Only the recipient can open it; the static-static term means only the sender (or the recipient itself)
/// can have made it, so a box that opens is the sender's, and one the relay altered, re-addressed or moved to
/// another session or round does not open. Box: <c>e_pub (32) || nonce (24) || ciphertext || tag (16)</c>.
/// </summary>
public static class MessageSeal
{
    public const int Overhead = SodiumBox.KeyLength + SodiumBox.NonceLength + SodiumBox.TagLength;

    private const int Key = SodiumBox.KeyLength;

    private static readonly byte[] KeyTag = "custody/parties/seal/v1"u8.ToArray();

    public static byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> associatedData, PartyEncryptionKey sender, ReadOnlySpan<byte> recipientPublicKey)
    {
        ArgumentNullException.ThrowIfNull(sender);
        CheckPublicKey(recipientPublicKey, nameof(recipientPublicKey));
        using var ephemeral = PartyEncryptionKey.Generate();
        var box = new byte[Overhead + plaintext.Length];
        ephemeral.PublicKey.CopyTo(box, 0);
        var nonce = box.AsSpan(Key, SodiumBox.NonceLength);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> input = stackalloc byte[KeyTag.Length + (5 * Key)];
        Span<byte> key = stackalloc byte[Key];
        try
        {
            var secrets = KeyInput(input);
            if (!(ephemeral.SharedSecret(secrets[..Key], recipientPublicKey) & sender.SharedSecret(secrets.Slice(Key, Key), recipientPublicKey)))
            {
                throw new ArgumentException("the recipient's public key is a low-order point", nameof(recipientPublicKey));
            }

            DeriveKey(key, input, ephemeral.PublicKey, sender.PublicKey, recipientPublicKey);
            SodiumBox.Encrypt(box.AsSpan(Key + SodiumBox.NonceLength), plaintext, associatedData, nonce, key);
            return box;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The plaintext, or null when the box does not open (altered, other associated data, not from that sender, not for this recipient).</summary>
    public static byte[]? Open(ReadOnlySpan<byte> box, ReadOnlySpan<byte> associatedData, PartyEncryptionKey recipient, ReadOnlySpan<byte> senderPublicKey)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        CheckPublicKey(senderPublicKey, nameof(senderPublicKey));
        if (box.Length < Overhead)
        {
            return null;
        }

        var ephemeralPublic = box[..Key];
        Span<byte> input = stackalloc byte[KeyTag.Length + (5 * Key)];
        Span<byte> key = stackalloc byte[Key];
        try
        {
            var secrets = KeyInput(input);
            if (!(recipient.SharedSecret(secrets[..Key], ephemeralPublic) & recipient.SharedSecret(secrets.Slice(Key, Key), senderPublicKey)))
            {
                return null;
            }

            DeriveKey(key, input, ephemeralPublic, senderPublicKey, recipient.PublicKey);
            var plaintext = new byte[box.Length - Overhead];
            if (SodiumBox.Decrypt(plaintext, box[(Key + SodiumBox.NonceLength)..], associatedData, box.Slice(Key, SodiumBox.NonceLength), key))
            {
                return plaintext;
            }

            CryptographicOperations.ZeroMemory(plaintext);
            return null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The tag written into the key-derivation input; returns the part after it (two shared secrets, then three public keys).</summary>
    private static Span<byte> KeyInput(Span<byte> input)
    {
        KeyTag.CopyTo(input);
        return input[KeyTag.Length..];
    }

    private static void DeriveKey(Span<byte> key, Span<byte> input, ReadOnlySpan<byte> ephemeralPublic, ReadOnlySpan<byte> senderPublic, ReadOnlySpan<byte> recipientPublic)
    {
        var publics = input[(KeyTag.Length + (2 * Key))..];
        ephemeralPublic.CopyTo(publics);
        senderPublic.CopyTo(publics[Key..]);
        recipientPublic.CopyTo(publics[(2 * Key)..]);
        SodiumBox.Hash(key, input);
    }

    private static void CheckPublicKey(ReadOnlySpan<byte> publicKey, string name)
    {
        if (publicKey.Length != Key)
        {
            throw new ArgumentException("an X25519 public key is 32 bytes", name);
        }
    }
}
