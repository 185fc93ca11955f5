using Custody.Keys.Hosting;

namespace Custody.Keys.Pkcs11;

/// <summary>Configuration of the PKCS#11 key-encryption provider (section Keys:Pkcs11).</summary>
public sealed class Pkcs11Options : IValidatedOptions
{
    /// <summary>Default module: Debian's SoftHSM2.</summary>
    public const string SoftHsmModulePath = "/usr/lib/softhsm/libsofthsm2.so";

    /// <summary>Absolute path of the vendor's PKCS#11 module (.so).</summary>
    public string ModulePath { get; set; } = SoftHsmModulePath;

    /// <summary>Label of the token (CK_TOKEN_INFO.label) holding the wrapping key.</summary>
    public string TokenLabel { get; set; } = "";

    /// <summary>Label (CKA_LABEL) of the AES-256 wrapping key.</summary>
    public string KeyLabel { get; set; } = "";

    /// <summary>Name of the environment variable holding the user PIN (the PIN itself is never configured in files).</summary>
    public string PinEnvironmentVariable { get; set; } = "CUSTODY_PKCS11_PIN";

    /// <inheritdoc />
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(ModulePath) || !Path.IsPathFullyQualified(ModulePath))
        {
            errors.Add("Keys:Pkcs11:ModulePath must be the absolute path of the PKCS#11 module.");
        }

        if (string.IsNullOrWhiteSpace(TokenLabel) || TokenLabel.Length > 32)
        {
            errors.Add("Keys:Pkcs11:TokenLabel is required (at most 32 characters).");
        }

        if (string.IsNullOrWhiteSpace(KeyLabel) || KeyLabel.Length > 128)
        {
            errors.Add("Keys:Pkcs11:KeyLabel is required (at most 128 characters).");
        }

        if (string.IsNullOrWhiteSpace(PinEnvironmentVariable) || PinEnvironmentVariable.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')))
        {
            errors.Add("Keys:Pkcs11:PinEnvironmentVariable must name an environment variable (letters, digits, underscore).");
        }

        return errors;
    }
}
