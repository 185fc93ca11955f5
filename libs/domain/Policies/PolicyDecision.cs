using Custody.Domain.Hashing;

namespace Custody.Domain.Policies;

/// <summary>
/// The result of evaluating a policy on an intent. <see cref="RuleId"/> is null when no rule matched
/// (decision BLOCK); <see cref="Approval"/> is set for REQUIRE_APPROVAL.
/// </summary>
public sealed record PolicyDecision(
    PolicyDecisionKind Kind, string? RuleId, Hash32 PolicyId, Hash32 IntentHash, ApprovalRequirement? Approval);
