namespace Custody.Keys.Sealing;

/// <summary>
/// A data key encrypted by a key-encryption provider, with what is needed to unwrap it: which provider,
/// and the provider's reference of the key-encryption key (KMS key name, PKCS#11 URI, dev key fingerprint).
/// Not secret.
/// </summary>
public sealed record WrappedDataKey(KeyEncryptionProviderId ProviderId, string KeyReference, ReadOnlyMemory<byte> Ciphertext)
{
    /// <summary>Only the provider and key reference, never bytes.</summary>
    public override string ToString() => $"WrappedDataKey({ProviderId}, {KeyReference}, {Ciphertext.Length} bytes)";
}
