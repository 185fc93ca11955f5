namespace Custody.Keys.Sealing;

/// <summary>
/// The two associated-data strings of a sealing (docs/keys.md "Associated data"); distinct domain tags
/// keep the share encryption and the data-key wrapping from ever authenticating the same bytes.
/// </summary>
public static class SealingAssociatedData
{
    /// <summary>Domain tag of the data-key wrapping (sent to KMS / the HSM).</summary>
    public const string DataKeyDomainTag = "custody/keys/v1/data-key";

    /// <summary>Domain tag of the share encryption (AES-256-GCM under the data key).</summary>
    public const string ShareDomainTag = "custody/keys/v1/share";

    /// <summary>tag | wallet id | party id | key version.</summary>
    public static byte[] ForDataKey(SealingContext context) =>
        context.Encode(DataKeyDomainTag).ToArray();

    /// <summary>tag | wallet id | party id | key version | format version | provider id | key reference.</summary>
    public static byte[] ForShare(SealingContext context, KeyEncryptionProviderId providerId, string keyReference) =>
        context.Encode(ShareDomainTag)
            .WriteByte(SealedBlob.CurrentVersion)
            .WriteByte((byte)providerId)
            .WriteString(keyReference)
            .ToArray();
}
