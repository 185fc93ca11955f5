using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Policy.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// The policy step as a pure function (CONVENTIONS.md "Decide(state, message) -> outcome"): evaluate the policy on
/// the intent with the wallet's velocity history, and say what to store and what to publish. ALLOW ->
/// Approved + transaction-approved with (empty) evidence; BLOCK -> Blocked + transaction-rejected naming the rule;
/// REQUIRE_APPROVAL -> PendingApproval with its deadline (decision time + the rule's expiry), nothing published.
/// </summary>
public static class PolicyDecider
{
    public sealed record Outcome(PolicyRecord Record, PolicyDecision Decision, object? Event);

    public static Outcome Decide(
        TransactionRequested request, TransactionIntent intent, Domain.Policies.Policy policy, IReadOnlyList<VelocityEntry> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(policy);
        var decidedAt = WholeSecond(now);
        var decision = PolicyEngine.Evaluate(policy, intent, new PolicyEvaluationContext(history, decidedAt));
        var (state, deadline, outgoing) = decision.Kind switch
        {
            PolicyDecisionKind.Allow => (TransactionState.Approved, (DateTimeOffset?)null, (object?)new TransactionApproved(
                request.RequestId, request, intent.Hash.ToString(), new ApprovalEvidence(policy.Id.ToString(), decision.RuleId!, [], decidedAt), decidedAt)),
            PolicyDecisionKind.Block => (TransactionState.Blocked, null, new TransactionRejected(
                request.RequestId, "policy", [BlockReason(decision)], policy.Id.ToString(), decision.RuleId, decidedAt)),
            _ => (TransactionState.PendingApproval, decidedAt + decision.Approval!.Expiry, null),
        };
        var record = new PolicyRecord(
            request.RequestId, state, request, intent.Hash.ToString(), intent.WalletId, intent.Asset.ToString(),
            intent.Amount.ToString(), policy.Id.ToString(), decision.Kind.ToWire(), decision.RuleId, decidedAt, deadline, [], decidedAt);
        return new Outcome(record, decision, outgoing);
    }

    public static string BlockReason(PolicyDecision decision) =>
        decision.RuleId is { } rule ? $"rule {rule}: BLOCK" : "no rule matched: BLOCK (the default)";

    private static DateTimeOffset WholeSecond(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds());
}
