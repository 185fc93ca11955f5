using System.ComponentModel.DataAnnotations;

namespace Custody.Signer;

/// <summary>The signer's settings. Section <c>Signer</c> (docs/signing.md "The signer", deploy/confidential-space).</summary>
public sealed class SignerOptions
{
    public const string SectionName = "Signer";

    /// <summary>This party's name in the roster (e.g. <c>signer</c>).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,62}$")]
    public string Party { get; set; } = "signer";

    /// <summary>The party's sealed identity file (`custody parties enrol`), unsealed with the configured key provider.</summary>
    [Required]
    public string IdentityFile { get; set; } = "";

    /// <summary>The roster: every party's name, MPC id and pinned public keys, as the operators agreed them.</summary>
    [Required]
    public string RosterFile { get; set; } = "";

    /// <summary>A folder of policy files (by id): requests decided under any other policy are refused.</summary>
    [Required]
    public string PolicyDirectory { get; set; } = "";

    /// <summary>The signer's approver registry: one <c>{approverId}.pub.pem</c> per approver.</summary>
    [Required]
    public string ApproversDirectory { get; set; } = "";

    /// <summary>The Ethereum node's JSON-RPC URL (fees, gas estimates, the pending nonce at start).</summary>
    [Required]
    [Url]
    public string NodeUrl { get; set; } = "";

    /// <summary>Where co-signers dial in: the coordination endpoint's address and port (gRPC over TLS).</summary>
    [Required]
    public string CoordinatorListenAddress { get; set; } = "0.0.0.0";

    [Range(0, 65535)]
    public int CoordinatorPort { get; set; } = 8443;

    /// <summary>
    /// The coordination endpoint's TLS certificate and key (PEM). Empty: a fresh self-signed certificate per start,
    /// whose SHA-256 is logged; co-signers then authenticate the signer by its pinned identity key alone.
    /// </summary>
    public string? CertificateFile { get; set; }

    public string? CertificateKeyFile { get; set; }

    /// <summary>The launcher socket the attestation tokens come from (Confidential Space; a dev issuer locally).</summary>
    [Required]
    public string AttestationSocket { get; set; } = Custody.Attestation.ConfidentialSpace.LauncherSocketPath;

    /// <summary>The audience of the signer's attestation tokens: what every co-signer's verifier expects.</summary>
    [Required]
    public string AttestationAudience { get; set; } = "custody-cosigners";

    [Range(1, 600)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    [Range(1, 600)]
    public int SessionTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The least raise, in percent, of both fees of a fee replacement over the transaction it replaces (nodes replace a
    /// pooled transaction only then: 10 % in geth and anvil). A smaller bump is refused as <c>fee-not-bumped</c>.
    /// </summary>
    [Range(10.0, 1000.0)]
    public double ReplacementMinimumBumpPercent { get; set; } = 10.0;
}
