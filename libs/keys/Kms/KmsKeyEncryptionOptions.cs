using System.Text.RegularExpressions;
using Custody.Keys.Hosting;

namespace Custody.Keys.Kms;

/// <summary>Configuration of the Cloud KMS key-encryption provider (section Keys:Kms).</summary>
public sealed partial class KmsKeyEncryptionOptions : IValidatedOptions
{
    /// <summary>
    /// Resource name of the symmetric CryptoKey (purpose ENCRYPT_DECRYPT), without a version:
    /// <c>projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key}</c>. KMS encrypts with the
    /// primary version and decrypts with whichever version encrypted.
    /// </summary>
    public string KeyName { get; set; } = "";

    /// <summary>Attempts per operation when an integrity check fails (CRC32C, verified_* flags). 1..10, default 3.</summary>
    public int MaxIntegrityAttempts { get; set; } = 3;

    /// <summary>Deadline of one KMS call. Default 10 s.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(KeyName) || !CryptoKeyName().IsMatch(KeyName))
        {
            errors.Add("Keys:Kms:KeyName must be projects/{project}/locations/{location}/keyRings/{ring}/cryptoKeys/{key} (no cryptoKeyVersions).");
        }

        if (MaxIntegrityAttempts is < 1 or > 10)
        {
            errors.Add("Keys:Kms:MaxIntegrityAttempts must be 1..10.");
        }

        if (CallTimeout <= TimeSpan.Zero || CallTimeout > TimeSpan.FromMinutes(2))
        {
            errors.Add("Keys:Kms:CallTimeout must be positive and at most 2 minutes.");
        }

        return errors;
    }

    [GeneratedRegex("^projects/[a-z][a-z0-9-]{4,28}[a-z0-9]/locations/[a-z0-9-]{1,63}/keyRings/[a-zA-Z0-9_-]{1,63}/cryptoKeys/[a-zA-Z0-9_-]{1,63}$")]
    private static partial Regex CryptoKeyName();
}
