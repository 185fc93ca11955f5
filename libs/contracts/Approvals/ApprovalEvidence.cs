namespace Custody.Contracts.Approvals;

/// <summary>
/// What the policy service hands to the signer and co-signers: the policy and rule it applied, when it made
/// that decision, and the approvers' signed votes. Evidence is re-verified by every signing party
/// (docs/approvals.md). <paramref name="DecidedAt"/> opens the approval window: an approval whose expiry lies
/// beyond <c>DecidedAt + expirySeconds</c> of the rule is refused, and so is a decision time in the future.
/// </summary>
public sealed record ApprovalEvidence(string PolicyId, string RuleId, IReadOnlyList<SignedApproval> Approvals, DateTimeOffset DecidedAt);
