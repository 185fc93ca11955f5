namespace Custody.Keys.Sealing;

/// <summary>The provider byte of the sealed-blob format (docs/keys.md "Sealed blob format"). Values never change.</summary>
public enum KeyEncryptionProviderId : byte
{
    /// <summary>Google Cloud KMS symmetric Encrypt/Decrypt.</summary>
    CloudKms = 1,

    /// <summary>A PKCS#11 HSM: AES-256-GCM inside the token under a non-extractable key.</summary>
    Pkcs11 = 2,

    /// <summary>A local key file, development only.</summary>
    DevFile = 3,
}
