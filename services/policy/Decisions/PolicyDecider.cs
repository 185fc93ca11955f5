using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// The policy step as a pure function (docs/conventions.md "Events and handlers"): evaluate the policy on
/// the intent with the wallet's velocity history, and say what to store and what to publish. ALLOW ->
/// Approved + transaction-approved with (empty) evidence; BLOCK -> Blocked + transaction-rejected naming the rule;
/// REQUIRE_APPROVAL -> PendingApproval with its deadline (decision time + the rule's expiry), nothing published.
/// The record keeps the policy id it was decided under.
/// </summary>
public static class PolicyDecider
{
    public sealed record Outcome(TransactionRecord Next, PolicyDecision Decision, object? Event);

    public static Outcome Decide(
        TransactionRecord validated, TransactionIntent intent, Domain.Policies.Policy policy, IReadOnlyList<VelocityEntry> history, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(validated);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(policy);
        var request = validated.Request;
        var decidedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var decision = PolicyEngine.Evaluate(policy, intent, new PolicyEvaluationContext(history, decidedAt));
        var (state, deadline, outgoing) = decision.Kind switch
        {
            PolicyDecisionKind.Allow => (TransactionState.Approved, (DateTimeOffset?)null, (object?)new TransactionApproved(
                request.RequestId, request, intent.Hash.ToString(), new ApprovalEvidence(policy.Id.ToString(), decision.RuleId!, [], decidedAt), decidedAt)),
            PolicyDecisionKind.Block => (TransactionState.Blocked, null, new TransactionRejected(
                request.RequestId, "policy", [BlockReason(decision)], policy.Id.ToString(), decision.RuleId, decidedAt)),
            _ => (TransactionState.PendingApproval, decidedAt + decision.Approval!.Expiry, null),
        };
        var next = validated with
        {
            State = state, IntentHash = intent.Hash.ToString(), Decision = decision.Kind.ToWire(), RuleId = decision.RuleId,
            PolicyId = policy.Id.ToString(), DecidedAt = decidedAt, Deadline = deadline, UpdatedAt = now,
        };
        return new Outcome(next, decision, outgoing);
    }

    public static string BlockReason(PolicyDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return decision.RuleId is { } rule ? $"rule {rule}: BLOCK" : "no rule matched: BLOCK (the default)";
    }
}
