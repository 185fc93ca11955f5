using System.ComponentModel.DataAnnotations;

namespace Custody.Attestation.Verification;

/// <summary>What a co-signer requires of the signer's attestation token (docs/architecture.md "Keys and signing").</summary>
public sealed class AttestationVerifierOptions
{
    public const string SectionName = "Attestation";

    /// <summary>Host environment name; production (the default) trusts only <see cref="ConfidentialSpace.GoogleIssuer"/>.</summary>
    public string? EnvironmentName { get; set; }

    /// <summary>The trusted token issuer; its JWKS is found by OIDC discovery.</summary>
    [Required]
    public string Issuer { get; set; } = ConfidentialSpace.GoogleIssuer;

    /// <summary>The audience the signer requested (this co-signer's identity).</summary>
    [Required]
    public string Audience { get; set; } = "";

    /// <summary>Allowed <c>submods.container.image_digest</c> values ("sha256:" + 64 hex).</summary>
    [MinLength(1)]
    public IList<string> AllowedImageDigests { get; init; } = [];

    /// <summary>Tolerated clock difference for exp, nbf and iat.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws if these options are unusable, in particular a non-Google issuer in production.</summary>
    public void Validate()
    {
        if (AttestationEnvironment.IsProduction(EnvironmentName) && Issuer != ConfidentialSpace.GoogleIssuer)
        {
            throw new InvalidOperationException(
                $"In production the attestation issuer must be {ConfidentialSpace.GoogleIssuer}; {Issuer} (a dev issuer?) is refused.");
        }

        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
        {
            throw new InvalidOperationException("The attestation issuer must be an absolute http(s) URL.");
        }

        if (string.IsNullOrEmpty(Audience))
        {
            throw new InvalidOperationException("The expected attestation audience is required.");
        }

        if (AllowedImageDigests.Count == 0 || AllowedImageDigests.Any(d => !IsImageDigest(d)))
        {
            throw new InvalidOperationException("At least one allowed image digest is required, each \"sha256:\" + 64 lower-case hex digits.");
        }

        if (ClockSkew < TimeSpan.Zero || ClockSkew > TimeSpan.FromMinutes(5))
        {
            throw new InvalidOperationException("The clock skew must be between 0 and 5 minutes.");
        }
    }

    private static bool IsImageDigest(string digest) =>
        digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal) &&
        digest.Skip(7).All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
