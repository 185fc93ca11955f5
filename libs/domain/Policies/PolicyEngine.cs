using System.Numerics;
using Custody.Domain.Intents;

namespace Custody.Domain.Policies;

/// <summary>
/// The one pure policy function shared by the policy service, the signer and every co-signer
/// (docs/architecture.md "Decisions every party makes alone"): rules are tried in order, the first whose conditions all hold decides,
/// and no match is BLOCK. Same inputs, same decision: no clock, no I/O, no randomness.
/// </summary>
public static class PolicyEngine
{
    public static PolicyDecision Evaluate(Policy policy, TransactionIntent intent, PolicyEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(context);
        foreach (var rule in policy.Rules)
        {
            if (Matches(rule.When, intent, context))
            {
                return new PolicyDecision(rule.Action.Kind, rule.Id, policy.Id, intent.Hash, rule.Action.Approval);
            }
        }

        return new PolicyDecision(PolicyDecisionKind.Block, null, policy.Id, intent.Hash, null);
    }

    /// <summary>True when every condition of <paramref name="when"/> holds for the intent.</summary>
    public static bool Matches(RuleCondition when, TransactionIntent intent, PolicyEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(when);
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(context);
        return (when.ContractCallAllowed || !intent.IsContractCall)
            && (when.Wallets is null || when.Wallets.Contains(intent.WalletId))
            && (when.Assets is null || when.Assets.Contains(intent.Asset))
            && when.Destination.Matches(intent.Destination)
            && (when.Amount is null || when.Amount.Contains(intent.Amount.ToBigInteger()))
            && (when.Initiators is null || when.Initiators.Contains(intent.Initiator))
            && (when.Velocity is null || when.Velocity.Range.Contains(VelocitySum(when.Velocity.Window, intent, context)));
    }

    /// <summary>
    /// This request's amount plus the history of the same wallet and asset inside (now - window, +inf),
    /// excluding entries of this request (re-evaluation must not count it twice).
    /// </summary>
    public static BigInteger VelocitySum(TimeSpan window, TransactionIntent intent, PolicyEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(context);
        var since = context.Now - window;
        var sum = intent.Amount.ToBigInteger();
        foreach (var entry in context.History)
        {
            if (entry.At > since &&
                entry.WalletId == intent.WalletId &&
                entry.Asset == intent.Asset &&
                entry.RequestId != intent.RequestId)
            {
                sum += entry.Amount.ToBigInteger();
            }
        }

        return sum;
    }
}
