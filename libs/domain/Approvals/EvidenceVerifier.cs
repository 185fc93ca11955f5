using Custody.Contracts.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;

namespace Custody.Domain.Approvals;

/// <summary>
/// The one evidence check run independently by the signer and every co-signer (ARCHITECTURE.md "Policy",
/// docs/approvals.md "Verification"). It trusts nothing from the policy service: it re-evaluates the
/// policy on the intent, verifies every signature with its own approver registry, and returns approved
/// only when no reason against exists; otherwise it returns every reason it found.
/// </summary>
public static class EvidenceVerifier
{
    public static EvidenceVerdict Verify(
        ApprovalEvidence evidence, TransactionIntent intent, Policy policy, ApproverRegistry approvers, DateTimeOffset now) =>
        Verify(evidence, intent, policy, approvers, PolicyEvaluationContext.At(now));

    /// <summary>As above, with the velocity history the verifier holds.</summary>
    public static EvidenceVerdict Verify(
        ApprovalEvidence evidence, TransactionIntent intent, Policy policy, ApproverRegistry approvers, PolicyEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(context);

        var decision = PolicyEngine.Evaluate(policy, intent, context);
        var failures = new List<EvidenceFailure>();
        if (!Hash32.TryParse(evidence.PolicyId, out var evidencePolicy) || evidencePolicy != policy.Id)
        {
            failures.Add(new(EvidenceFailureReason.PolicyMismatch, $"evidence names policy {evidence.PolicyId}, the verifier holds {policy.Id}"));
        }

        if (decision.Kind == PolicyDecisionKind.Block)
        {
            failures.Add(new(EvidenceFailureReason.DecisionBlock, $"the policy blocks this intent (rule {decision.RuleId ?? "none matched"})"));
            return new EvidenceVerdict(decision, failures);
        }

        if (!string.Equals(evidence.RuleId, decision.RuleId, StringComparison.Ordinal))
        {
            failures.Add(new(EvidenceFailureReason.RuleMismatch, $"evidence names rule {evidence.RuleId}, the policy selects {decision.RuleId}"));
        }

        var requirement = decision.Approval;
        if (requirement is not null && evidence.DecidedAt > context.Now)
        {
            failures.Add(new(EvidenceFailureReason.DecisionTimeInFuture, $"the evidence says the decision was made at {evidence.DecidedAt:O}, after now"));
        }

        var windowEnd = requirement is null ? DateTimeOffset.MinValue : WindowEnd(evidence.DecidedAt, requirement);
        var (approvedBy, rejectedBy) = CheckApprovals(evidence.Approvals, intent, policy, requirement, windowEnd, approvers, context.Now, failures);
        if (requirement is not null)
        {
            failures.AddRange(ApprovalTally.Count(requirement, approvedBy, rejectedBy).Missing);
        }

        return new EvidenceVerdict(decision, failures);
    }

    /// <summary>
    /// The checks of one new vote as the policy service records it (docs/approvals.md "Collecting votes"):
    /// every check <see cref="Verify(ApprovalEvidence, TransactionIntent, Policy, ApproverRegistry, PolicyEvaluationContext)"/>
    /// makes of an approval (signature, registry, request, intent, policy, membership, expiry, approval window,
    /// one vote per approver against <paramref name="recorded"/>), for the rule the request was decided under.
    /// A REJECT vote is a valid vote here. Returns the failures of <paramref name="vote"/>; empty when it counts.
    /// </summary>
    public static IReadOnlyList<EvidenceFailure> VerifyVote(
        SignedApproval vote, IReadOnlyList<SignedApproval> recorded, TransactionIntent intent, Policy policy,
        ApprovalRequirement requirement, DateTimeOffset decidedAt, ApproverRegistry approvers, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(vote);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(approvers);
        var failures = new List<EvidenceFailure>();
        CheckApprovals([.. recorded, vote], intent, policy, requirement, WindowEnd(decidedAt, requirement), approvers, now, failures);
        return failures.Where(f => f.Subject == vote.ApproverId && f.Reason != EvidenceFailureReason.RejectedByApprover).ToList();
    }

    /// <summary>The end of the approval window: the decision time plus the rule's expiry. Approvals may not outlive it.</summary>
    public static DateTimeOffset WindowEnd(DateTimeOffset decidedAt, ApprovalRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        return decidedAt + requirement.Expiry;
    }

    /// <summary>Checks every approval; returns the approvers whose APPROVE vote is valid in every respect, and those whose REJECT vote is.</summary>
    private static (HashSet<string> Approved, HashSet<string> Rejected) CheckApprovals(
        IReadOnlyList<SignedApproval> approvals, TransactionIntent intent, Policy policy, ApprovalRequirement? requirement,
        DateTimeOffset windowEnd, ApproverRegistry approvers, DateTimeOffset now, List<EvidenceFailure> failures)
    {
        var eligible = requirement is null
            ? []
            : requirement.Groups.SelectMany(g => g.Members).Concat(requirement.Mandatory).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var approval in approvals)
        {
            var before = failures.Count;
            var id = approval.ApproverId;
            if (!seen.Add(id))
            {
                failures.Add(new(EvidenceFailureReason.DoubleVote, "more than one approval from this approver", id));
                valid.Remove(id);
                rejected.Remove(id);
                continue;
            }

            if (!TryRead(approval, out var intentHash, out var policyId, out var vote, out var signature))
            {
                failures.Add(new(EvidenceFailureReason.MalformedApproval, "unreadable intent hash, policy id, decision, expiry or signature", id));
                continue;
            }

            if (!approvers.TryGet(id, out var key))
            {
                failures.Add(new(EvidenceFailureReason.UnknownApprover, "not in the approver registry", id));
            }
            else if (!key.Verify(ApprovalDigest.Compute(approval.RequestId, intentHash, policyId, vote, approval.ExpiresAt), signature))
            {
                failures.Add(new(EvidenceFailureReason.BadSignature, "the signature does not verify under the approver's key", id));
            }

            if (!string.Equals(approval.RequestId, intent.RequestId, StringComparison.Ordinal))
            {
                failures.Add(new(EvidenceFailureReason.OtherRequest, $"signed for request {approval.RequestId}", id));
            }

            if (intentHash != intent.Hash)
            {
                failures.Add(new(EvidenceFailureReason.OtherIntent, $"signed for intent {intentHash}, this intent is {intent.Hash}", id));
            }

            if (policyId != policy.Id)
            {
                failures.Add(new(EvidenceFailureReason.OtherPolicy, $"signed under policy {policyId}", id));
            }

            if (!eligible.Contains(id))
            {
                failures.Add(new(EvidenceFailureReason.ApproverNotInGroup, "not a member of the rule's approver groups nor a mandatory approver", id));
            }

            if (approval.ExpiresAt <= now)
            {
                failures.Add(new(EvidenceFailureReason.Expired, $"expired at {approval.ExpiresAt:O}", id));
            }

            if (approval.ExpiresAt > windowEnd)
            {
                failures.Add(new(EvidenceFailureReason.BeyondApprovalWindow, $"expires at {approval.ExpiresAt:O}, after the approval window closes at {windowEnd:O}", id));
            }

            var countable = failures.Count == before;
            if (vote == ApprovalDecision.Reject)
            {
                failures.Add(new(EvidenceFailureReason.RejectedByApprover, "voted REJECT", id));
            }

            if (countable)
            {
                (vote == ApprovalDecision.Approve ? valid : rejected).Add(id);
            }
        }

        return (valid, rejected);
    }

    private static bool TryRead(
        SignedApproval approval, out Hash32 intentHash, out Hash32 policyId, out ApprovalDecision vote, out byte[] signature)
    {
        signature = [];
        policyId = default;
        vote = default;
        var ok = Hash32.TryParse(approval.IntentHash, out intentHash)
            & Hash32.TryParse(approval.PolicyId, out policyId)
            & ApprovalDecisionNames.TryParse(approval.Decision, out vote)
            & approval.ExpiresAt.UtcTicks % TimeSpan.TicksPerSecond == 0
            & Contracts.WireFormat.IsHex(approval.Signature, ApproverKey.SignatureLength)
            & approval.RequestId is not null;
        if (ok)
        {
            signature = Convert.FromHexString(approval.Signature.AsSpan(2));
        }

        return ok;
    }
}
