using System.Security.Cryptography;
using Custody.Keys.Hosting;
using Custody.Keys.Sealing;

namespace Custody.Keys.DevFile;

/// <summary>
/// Local-demo key-encryption provider: a 256-bit key in a file readable only by its owner (mode 0600)
/// wraps data keys with AES-256-GCM (wrapped = nonce 12 | ciphertext 32 | tag 16). Refuses to start
/// outside Development/Local/Test (<see cref="DevEnvironmentGuard"/>). Its key reference is
/// <c>dev-file:</c> plus a fingerprint of the key (a domain-separated SHA-256, not the key).
/// </summary>
public sealed class DevFileKeyEncryptionProvider : IKeyEncryptionProvider, IDisposable
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly SecretBytes _key;

    /// <summary>Loads (or creates) the key file; throws if <paramref name="environmentName"/> is not a development one.</summary>
    public DevFileKeyEncryptionProvider(DevFileKeyOptions options, string? environmentName)
    {
        DevEnvironmentGuard.EnsureAllowed(environmentName);
        OptionsGuard.EnsureValid(options);
        _key = DevKeyFile.LoadOrCreate(options.Path, options.CreateIfMissing);
        KeyReference = "dev-file:" + DevKeyFile.Fingerprint(_key.Span);
    }

    /// <inheritdoc />
    public KeyEncryptionProviderId ProviderId => KeyEncryptionProviderId.DevFile;

    /// <inheritdoc />
    public string KeyReference { get; }

    /// <inheritdoc />
    public Task<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireDataKey(dataKey);

        var wrapped = new byte[NonceSize + KeySize + TagSize];
        var nonce = wrapped.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(_key.Span, TagSize))
        {
            aes.Encrypt(nonce, dataKey.Span, wrapped.AsSpan(NonceSize, KeySize), wrapped.AsSpan(NonceSize + KeySize), associatedData.Span);
        }

        return Task.FromResult(new WrappedDataKey(ProviderId, KeyReference, wrapped));
    }

    /// <inheritdoc />
    public Task<SecretBytes> UnwrapAsync(WrappedDataKey wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken)
    {
        ProviderGuards.RequireOwnKey(this, wrappedKey);

        var wrapped = wrappedKey.Ciphertext.Span;
        if (wrapped.Length != NonceSize + KeySize + TagSize)
        {
            throw new KeySealingException(KeySealingError.UnwrapFailed, "The wrapped data key has the wrong length for the dev-file provider.");
        }

        var dataKey = SecretBytes.Allocate(KeySize);
        try
        {
            using var aes = new AesGcm(_key.Span, TagSize);
            aes.Decrypt(wrapped[..NonceSize], wrapped.Slice(NonceSize, KeySize), wrapped[(NonceSize + KeySize)..], dataKey.WritableSpan, associatedData.Span);
            return Task.FromResult(dataKey);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            dataKey.Dispose();
            throw new KeySealingException(KeySealingError.UnwrapFailed, "The dev key refused to unwrap the data key: it was altered or wrapped for another context.", ex);
        }
    }

    /// <summary>Wipes the in-memory key.</summary>
    public void Dispose() => _key.Dispose();
}
