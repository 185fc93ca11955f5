namespace Custody.Keys.Tests.Kms;

/// <summary>How the fake KMS corrupts a response (what a network or a misbehaving server could do).</summary>
public enum KmsFault
{
    None,

    /// <summary>Encrypt: one bit of the ciphertext flipped after its checksum was computed.</summary>
    FlipCiphertextBit,

    /// <summary>Encrypt: ciphertext_crc32c off by one.</summary>
    WrongCiphertextCrc,

    /// <summary>Encrypt: ciphertext_crc32c absent.</summary>
    MissingCiphertextCrc,

    /// <summary>Encrypt: verified_plaintext_crc32c = false.</summary>
    PlaintextNotVerified,

    /// <summary>Encrypt: verified_additional_authenticated_data_crc32c = false.</summary>
    AadNotVerified,

    /// <summary>Encrypt: the response names a version of another key.</summary>
    WrongKeyName,

    /// <summary>Decrypt: one bit of the plaintext flipped after its checksum was computed.</summary>
    FlipPlaintextBit,

    /// <summary>Decrypt: plaintext_crc32c off by one.</summary>
    WrongPlaintextCrc,

    /// <summary>Decrypt: plaintext_crc32c absent.</summary>
    MissingPlaintextCrc,

    /// <summary>Any call: the request is rejected as corrupted in transit (INVALID_ARGUMENT naming the checksum).</summary>
    RequestChecksumRejected,
}
