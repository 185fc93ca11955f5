using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Broadcaster.Tracking;

/// <summary>
/// The fees of a replacement for a stuck transaction (same nonce): each fee raised by at least
/// <c>percent</c> (a node replaces a pooled transaction only when both fees rise by its price bump, 10 % in geth's
/// txpool and in anvil), the max fee also high enough for the node's current base fee (2 x base fee + tip, as the
/// signer prices). The result is checked against the policy's fee cap (docs/policy.md "Fee caps"): fees above it are
/// not clipped (a clipped fee would not replace) but flagged, and the replacement then needs new approvals.
/// </summary>
public sealed record FeeBump(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas, bool RequiresNewApproval, string? ApprovalReason)
{
    public static FeeBump For(SignedTransaction stuck, double percent, UInt256? baseFee, FeeCap? cap)
    {
        ArgumentNullException.ThrowIfNull(stuck);
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 10.0);
        var (maxFee, tip) = stuck.Transaction switch
        {
            DynamicFeeTransaction d => (d.MaxFeePerGas, d.MaxPriorityFeePerGas),
            LegacyTransaction l => (l.GasPrice, l.GasPrice),
            AccessListTransaction a => (a.GasPrice, a.GasPrice),
            var other => throw new NotSupportedException($"No fee bump for transaction type {other.Type}."),
        };
        var newTip = Raise(tip, percent);
        var newMaxFee = Raise(maxFee, percent);
        if (baseFee is { } fee && (fee * 2UL) + newTip is var market && market > newMaxFee)
        {
            newMaxFee = market;
        }

        if (newTip > newMaxFee)
        {
            newTip = newMaxFee;
        }

        var refusal = cap is null
            ? new SigningRefusal(SigningRefusalCodes.NoFeeCap, "the request's policy has no fee cap for this chain")
            : FeeCapCheck.Check(new TransactionFees(newMaxFee, newTip, stuck.Transaction.GasLimit), cap);
        return new FeeBump(newMaxFee, newTip, refusal is not null, refusal?.ToString());
    }

    /// <summary>value x (1 + percent / 100), rounded up, and at least value + 1 (a zero fee still rises).</summary>
    private static UInt256 Raise(UInt256 value, double percent)
    {
        var raised = ReplacementFees.Minimum(value, percent);
        return raised > value ? raised : UInt256.Create(value.ToBigInteger() + 1);
    }
}
