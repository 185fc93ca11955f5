using Microsoft.Extensions.Options;

namespace Custody.Cosigner;

/// <summary>
/// What data annotations cannot say about <see cref="CosignerOptions"/> (docs/signing.md "The co-signer service"):
/// the coordinator is dialled over TLS only, and a certificate pin is a SHA-256 in hex.
/// </summary>
public sealed class CosignerOptionsValidation : IValidateOptions<CosignerOptions>
{
    public ValidateOptionsResult Validate(string? name, CosignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!string.IsNullOrEmpty(options.CoordinatorAddress)
            && (!Uri.TryCreate(options.CoordinatorAddress, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("Cosigner:CoordinatorAddress must be an absolute https URI (the party channel runs over TLS only).");
        }

        if (!string.IsNullOrEmpty(options.CoordinatorCertificatePin) && CertificatePin(options) is null)
        {
            errors.Add("Cosigner:CoordinatorCertificatePin must be 64 hex digits: the SHA-256 of the signer's TLS certificate (DER).");
        }

        if (options.Coordinator == options.Party)
        {
            errors.Add("Cosigner:Coordinator names this party itself; it is the signer's roster name.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The pin's 32 bytes, or null when none is set or it is not 64 hex digits.</summary>
    public static byte[]? CertificatePin(CosignerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pin = options.CoordinatorCertificatePin?.Trim().Replace(":", "", StringComparison.Ordinal);
        if (pin is not { Length: 64 })
        {
            return null;
        }

        try
        {
            return Convert.FromHexString(pin);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
