namespace Custody.Contracts.Approvals;

/// <summary>
/// What the policy service hands to the signer and co-signers: the policy and rule it applied and the
/// approvers' signed votes. Evidence is re-verified by every signing party (docs/approvals.md).
/// </summary>
public sealed record ApprovalEvidence(string PolicyId, string RuleId, IReadOnlyList<SignedApproval> Approvals);
