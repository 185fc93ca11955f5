using System.ComponentModel.DataAnnotations;

namespace Custody.Gcp.Audit;

/// <summary>
/// Section <c>Audit</c>, bound by every service that appends to the audit log (policy, signer, co-signer) and
/// mirrored by <c>custody audit verify --chains</c>: all writers of one database must agree, because the first
/// writer records the chain count (<see cref="AuditLayout.LayoutPath"/>) and a writer with another count refuses to
/// append (docs/state.md "Audit chain format").
/// </summary>
public sealed class AuditOptions
{
    public const string SectionName = "Audit";

    /// <summary>Independent hash chains; appends of different requests go to different chains and do not serialise on one head.</summary>
    [Range(1, AuditLayout.MaxChains, ErrorMessage = "Audit:Chains must be between 1 and 1024.")]
    public int Chains { get; set; } = AuditLayout.DefaultChains;
}
