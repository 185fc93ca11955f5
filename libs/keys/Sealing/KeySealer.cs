using System.Security.Cryptography;

namespace Custody.Keys.Sealing;

/// <summary>
/// Envelope encryption of MPC key shares (docs/architecture.md "Keys and signing", docs/keys.md): each
/// sealing draws a fresh random 256-bit data key, encrypts the share with AES-256-GCM under it with
/// associated data bound to {wallet, party, key version}, and has the data key wrapped by the party's
/// key-encryption provider. Unsealing returns the share in a <see cref="SecretBytes"/> the caller disposes.
/// </summary>
public sealed class KeySealer
{
    /// <summary>Data-key size: AES-256.</summary>
    public const int DataKeySize = 32;

    private readonly IKeyEncryptionProvider _provider;

    /// <summary>A sealer that wraps data keys with <paramref name="provider"/>.</summary>
    public KeySealer(IKeyEncryptionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        _provider = provider;
    }

    /// <summary>Which provider this sealer wraps with.</summary>
    public KeyEncryptionProviderId ProviderId => _provider.ProviderId;

    /// <summary>Seals <paramref name="secret"/> for <paramref name="context"/>; returns the encoded blob.</summary>
    public async Task<byte[]> SealAsync(ReadOnlyMemory<byte> secret, SealingContext context, CancellationToken cancellationToken = default)
    {
        if (secret.IsEmpty || secret.Length > SealedBlob.MaxCiphertextBytes)
        {
            throw new ArgumentException($"The secret to seal must be 1..{SealedBlob.MaxCiphertextBytes} bytes.", nameof(secret));
        }

        using var dataKey = SecretBytes.Random(DataKeySize);
        var wrapped = await _provider.WrapAsync(dataKey.Memory, SealingAssociatedData.ForDataKey(context), cancellationToken).ConfigureAwait(false);
        if (wrapped.ProviderId != _provider.ProviderId || wrapped.KeyReference != _provider.KeyReference)
        {
            throw new KeySealingException(KeySealingError.ProviderMismatch, "The key-encryption provider returned a wrapped key for another provider or key.");
        }

        var nonce = new byte[SealedBlob.NonceSize];
        RandomNumberGenerator.Fill(nonce);
        var ciphertext = new byte[secret.Length];
        var tag = new byte[SealedBlob.TagSize];
        using (var aes = new AesGcm(dataKey.Span, SealedBlob.TagSize))
        {
            aes.Encrypt(nonce, secret.Span, ciphertext, tag, SealingAssociatedData.ForShare(context, wrapped.ProviderId, wrapped.KeyReference));
        }

        return SealedBlob.Create(wrapped, nonce, ciphertext, tag).ToBytes();
    }

    /// <summary>
    /// Unseals a blob sealed for exactly <paramref name="context"/>. Throws <see cref="KeySealingException"/>
    /// (never returns data) if the blob is malformed, was sealed for another context or provider, or was altered.
    /// </summary>
    public async Task<SecretBytes> UnsealAsync(ReadOnlyMemory<byte> sealedBlob, SealingContext context, CancellationToken cancellationToken = default)
    {
        var blob = SealedBlob.Parse(sealedBlob.Span);
        var wrapped = blob.WrappedKey;
        if (wrapped.ProviderId != _provider.ProviderId)
        {
            throw new KeySealingException(
                KeySealingError.ProviderMismatch,
                $"The blob was sealed with provider {wrapped.ProviderId}; this sealer uses {_provider.ProviderId}.");
        }

        if (wrapped.KeyReference != _provider.KeyReference)
        {
            throw new KeySealingException(
                KeySealingError.KeyReferenceMismatch,
                $"The blob was sealed under key '{wrapped.KeyReference}'; this sealer uses '{_provider.KeyReference}'.");
        }

        using var dataKey = await _provider.UnwrapAsync(wrapped, SealingAssociatedData.ForDataKey(context), cancellationToken).ConfigureAwait(false);
        if (dataKey.Length != DataKeySize)
        {
            throw new KeySealingException(KeySealingError.UnwrapFailed, "The unwrapped data key does not have 32 bytes.");
        }

        var secret = SecretBytes.Allocate(blob.Ciphertext.Length);
        try
        {
            using var aes = new AesGcm(dataKey.Span, SealedBlob.TagSize);
            aes.Decrypt(blob.Nonce.Span, blob.Ciphertext.Span, blob.Tag.Span, secret.WritableSpan, SealingAssociatedData.ForShare(context, wrapped.ProviderId, wrapped.KeyReference));
            return secret;
        }
        catch (AuthenticationTagMismatchException ex)
        {
            secret.Dispose();
            throw new KeySealingException(
                KeySealingError.AuthenticationFailed,
                $"The sealed share for wallet '{context.WalletId}', party '{context.PartyId}', key version {context.KeyVersion} failed authentication: it was altered or sealed for another context.",
                ex);
        }
        catch
        {
            secret.Dispose();
            throw;
        }
    }

    /// <summary>
    /// KEK rotation (docs/keys.md "Rotating the KEK"): unseals a blob with this sealer and seals the share
    /// again with <paramref name="target"/> (a fresh data key under the target's KEK). The plaintext exists
    /// only in a <see cref="SecretBytes"/> wiped before returning.
    /// </summary>
    public async Task<byte[]> ResealAsync(ReadOnlyMemory<byte> sealedBlob, SealingContext context, KeySealer target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var secret = await UnsealAsync(sealedBlob, context, cancellationToken).ConfigureAwait(false);
        return await target.SealAsync(secret.Memory, context, cancellationToken).ConfigureAwait(false);
    }
}
