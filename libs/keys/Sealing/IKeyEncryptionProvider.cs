namespace Custody.Keys.Sealing;

/// <summary>
/// Wraps and unwraps data keys under a key-encryption key (KEK) that never leaves the provider
/// (Cloud KMS, a PKCS#11 HSM) or, for local development only, a key file. See docs/keys.md "Providers".
/// </summary>
public interface IKeyEncryptionProvider
{
    /// <summary>The provider byte recorded in sealed blobs.</summary>
    KeyEncryptionProviderId ProviderId { get; }

    /// <summary>The reference of the KEK this provider wraps under, recorded in sealed blobs.</summary>
    string KeyReference { get; }

    /// <summary>
    /// Encrypts <paramref name="dataKey"/> under the KEK, authenticating <paramref name="associatedData"/>.
    /// Throws <see cref="KeySealingException"/> on failure.
    /// </summary>
    Task<WrappedDataKey> WrapAsync(ReadOnlyMemory<byte> dataKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken);

    /// <summary>
    /// Decrypts a data key wrapped by <see cref="WrapAsync"/> with the same associated data. Throws
    /// <see cref="KeySealingException"/> (never returns data) if the key reference is not this provider's,
    /// or the wrapped key or associated data were altered.
    /// </summary>
    Task<SecretBytes> UnwrapAsync(WrappedDataKey wrappedKey, ReadOnlyMemory<byte> associatedData, CancellationToken cancellationToken);
}
