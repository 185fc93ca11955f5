using Custody.Contracts.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;

namespace Custody.Domain.Approvals;

/// <summary>
/// The one evidence check run independently by the signer and every co-signer (docs/architecture.md "Decisions every party makes alone",
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
        var approvedBy = CheckApprovals(evidence.Approvals, intent, policy, requirement, approvers, context.Now, failures);
        if (requirement is not null)
        {
            foreach (var group in requirement.Groups)
            {
                var count = group.Members.Count(approvedBy.Contains);
                if (count < group.Quorum)
                {
                    failures.Add(new(EvidenceFailureReason.QuorumNotMet, $"{count} of {group.Quorum} required approvals", group.Group));
                }
            }

            foreach (var approver in requirement.Mandatory.Where(a => !approvedBy.Contains(a)))
            {
                failures.Add(new(EvidenceFailureReason.MandatoryApproverMissing, "no valid approval from this mandatory approver", approver));
            }
        }

        return new EvidenceVerdict(decision, failures);
    }

    /// <summary>Checks every approval; returns the approvers whose APPROVE vote is valid in every respect.</summary>
    private static HashSet<string> CheckApprovals(
        IReadOnlyList<SignedApproval> approvals, TransactionIntent intent, Policy policy, ApprovalRequirement? requirement,
        ApproverRegistry approvers, DateTimeOffset now, List<EvidenceFailure> failures)
    {
        var eligible = requirement is null
            ? []
            : requirement.Groups.SelectMany(g => g.Members).Concat(requirement.Mandatory).ToHashSet(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var approval in approvals)
        {
            var before = failures.Count;
            var id = approval.ApproverId;
            if (!seen.Add(id))
            {
                failures.Add(new(EvidenceFailureReason.DoubleVote, "more than one approval from this approver", id));
                valid.Remove(id);
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

            if (vote == ApprovalDecision.Reject)
            {
                failures.Add(new(EvidenceFailureReason.RejectedByApprover, "voted REJECT", id));
            }

            if (failures.Count == before)
            {
                valid.Add(id);
            }
        }

        return valid;
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
