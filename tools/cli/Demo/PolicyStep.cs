using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;

namespace Custody.Cli.Demo;

/// <summary>
/// The policy service's decision on one request (docs/policy.md, docs/approvals.md): decode the intent (trusted
/// display), evaluate the policy, and for REQUIRE_APPROVAL collect the approvers' signatures and verify the evidence.
/// </summary>
internal static class PolicyStep
{
    public sealed record Outcome(TransactionIntent Intent, PolicyDecision Decision, ApprovalEvidence? Evidence);

    public static Outcome Decide(ApprovalDesk desk, TransactionRequested request, DateTimeOffset now)
    {
        var intent = TransactionIntent.Create(request);
        DemoRequests.Describe(intent);
        var decision = desk.Evaluate(intent, now);
        Narration.Line($"policy decision: {decision.Kind.ToWire()} (rule {decision.RuleId ?? "none matched"}, policy {decision.PolicyId})");
        switch (decision.Kind)
        {
            case PolicyDecisionKind.Block:
                Narration.Line("blocked: no approval is asked, nothing is signed");
                return new Outcome(intent, decision, null);
            case PolicyDecisionKind.Allow:
                return new Outcome(intent, decision, new ApprovalEvidence(decision.PolicyId.ToString(), decision.RuleId!, [], now));
        }

        var evidence = desk.CollectApprovals(intent, decision, now);
        var verdict = EvidenceVerifier.Verify(evidence, intent, desk.Policy, desk.Registry, now);
        if (!verdict.IsApproved)
        {
            throw new DemoException($"The evidence for {request.RequestId} is not approved: {string.Join("; ", verdict.Failures)}");
        }

        Narration.Line($"evidence: {evidence.Approvals.Count} approvals under rule {evidence.RuleId} -> approved");
        return new Outcome(intent, decision, evidence);
    }
}
