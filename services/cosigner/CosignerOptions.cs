using System.ComponentModel.DataAnnotations;

namespace Custody.Cosigner;

/// <summary>A co-signer's settings. Section <c>Cosigner</c> (docs/signing.md "What a party holds").</summary>
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
}
