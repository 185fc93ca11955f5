using System.ComponentModel.DataAnnotations;

namespace Custody.Cosigner;

/// <summary>
/// A co-signer's settings. Section <c>Cosigner</c> (docs/signing.md "What a party holds", "The co-signer service").
/// Checked when the service starts (<see cref="CosignerOptionsValidation"/>); the identity file and the roster are
/// then read and matched by <see cref="Link.CosignerIdentity"/>.
/// </summary>
public sealed class CosignerOptions
{
    public const string SectionName = "Cosigner";

    /// <summary>This party's name, as the other parties pinned it at the key ceremony (e.g. <c>cosigner-a</c>).</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,62}$")]
    public string Party { get; set; } = "";

    /// <summary>The folder of this party's sealed shares and wallet records (mode 0700, on a persistent disk).</summary>
    [Required]
    public string ShareDirectory { get; set; } = "";

    /// <summary>The folder of the policy files this party accepts; requests decided under any other policy are refused.</summary>
    [Required]
    public string PolicyDirectory { get; set; } = "";

    /// <summary>This party's approver registry: one <c>{approverId}.pub.pem</c> per approver.</summary>
    [Required]
    public string ApproversDirectory { get; set; } = "";

    /// <summary>This party's sealed identity keys (<c>PartyIdentityFile</c>), opened with the party's key provider (section <c>Keys</c>).</summary>
    [Required(ErrorMessage = "Cosigner:IdentityFile is required: the path of this party's sealed identity file.")]
    public string IdentityFile { get; set; } = "";

    /// <summary>The party roster (<c>PartyRoster</c> JSON): every party's name, MPC id and pinned keys, this party's own among them.</summary>
    [Required(ErrorMessage = "Cosigner:RosterFile is required: the path of the party roster JSON.")]
    public string RosterFile { get; set; } = "";

    /// <summary>The roster name of the party that coordinates (the signer), whose pinned key its endpoint must prove.</summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9-]{0,62}$", ErrorMessage = "Cosigner:Coordinator must be a party name of the roster (lower-case letters, digits and '-').")]
    public string Coordinator { get; set; } = "signer";

    /// <summary>The https URI of the signer's coordination endpoint (docs/parties.md "Shape"); the co-signer dials out to it.</summary>
    [Required(ErrorMessage = "Cosigner:CoordinatorAddress is required: the https URI of the signer's coordination endpoint.")]
    public string CoordinatorAddress { get; set; } = "";

    /// <summary>Hex SHA-256 of the DER of the signer's TLS certificate; empty: the system trust store decides (docs/parties.md).</summary>
    public string? CoordinatorCertificatePin { get; set; }

    /// <summary>How long one session (signing or key ceremony) may take from the invitation on.</summary>
    [Range(1, 600, ErrorMessage = "Cosigner:SessionTimeoutSeconds must be between 1 and 600.")]
    public int SessionTimeoutSeconds { get; set; } = 30;
}
