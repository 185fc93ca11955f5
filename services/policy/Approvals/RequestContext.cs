using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Policy.Policies;
using Custody.State;

namespace Custody.Policy.Approvals;

/// <summary>
/// A stored request with what its approval is checked against: the intent re-derived from the stored request,
/// the policy it was evaluated under (by its stored id) and the rule's requirement taken from that policy.
/// </summary>
public sealed record RequestContext(TransactionRecord Record, TransactionIntent Intent, Domain.Policies.Policy Policy, PolicyRule Rule, ApprovalRequirement Requirement)
{
    public DateTimeOffset DecidedAt => Record.DecidedAt ?? throw new InvalidOperationException($"transactions/{Record.RequestId} has no decision time.");

    public DateTimeOffset WindowEnd => DecidedAt + Requirement.Expiry;

    /// <summary>Null when the record was not decided REQUIRE_APPROVAL (not decided yet, or its rule asks for no approvals).</summary>
    public static async Task<RequestContext?> LoadAsync(TransactionRecord record, LoadedPolicies policies, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(policies);
        if (record.PolicyId is null || record.DecidedAt is null)
        {
            return null;
        }

        var policy = await policies.GetAsync(Hash32.Parse(record.PolicyId), ct).ConfigureAwait(false);
        var rule = policy.Rules.FirstOrDefault(r => r.Id == record.RuleId);
        if (rule?.Action.Approval is not { } requirement)
        {
            return null;
        }

        var intent = TransactionIntent.Create(record.Request);
        if (intent.Hash.ToString() != record.IntentHash)
        {
            throw new InvalidOperationException($"transactions/{record.RequestId}: the stored intent hash does not match the stored request.");
        }

        return new RequestContext(record, intent, policy, rule, requirement);
    }
}
