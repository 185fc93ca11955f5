namespace Custody.Keys.Sealing;

/// <summary>Why sealing or unsealing failed. Every case fails closed: no secret is ever returned.</summary>
public enum KeySealingError
{
    /// <summary>The sealed blob is not a well-formed blob of this format (bad magic, lengths, truncation).</summary>
    MalformedBlob = 1,

    /// <summary>The blob's format version is not one this code reads.</summary>
    UnsupportedFormatVersion,

    /// <summary>The blob was wrapped by another kind of key-encryption provider than the configured one.</summary>
    ProviderMismatch,

    /// <summary>The blob was wrapped under another key-encryption key than the configured one.</summary>
    KeyReferenceMismatch,

    /// <summary>The key-encryption provider refused to unwrap the data key (wrong key, wrong context, corrupted).</summary>
    UnwrapFailed,

    /// <summary>AES-GCM authentication of the share failed (corrupted ciphertext/tag or other associated data).</summary>
    AuthenticationFailed,

    /// <summary>An integrity check of the provider's protocol failed on every attempt (Cloud KMS CRC32C, verified_* flags, key name).</summary>
    IntegrityCheckFailed,

    /// <summary>The key-encryption provider could not be reached or failed for a reason unrelated to the data.</summary>
    ProviderUnavailable,

    /// <summary>The key-encryption key is missing or does not have the required protections.</summary>
    WrappingKeyInvalid,
}
