using Custody.Domain.Policies;
using Custody.Ethereum;

namespace Custody.Signer.Signing;

/// <summary>
/// The fees of an EIP-1559 transaction from the node's view, kept under the policy's fee cap (docs/policy.md "Fee
/// caps"): max fee = 2 x next base fee + tip (room for a few full blocks), then the cap's max fee per gas, its max
/// priority fee, and its max total fee (gas limit x max fee) each win. The co-signers check the same cap themselves.
/// </summary>
public sealed record FeePlan(UInt256 MaxFeePerGas, UInt256 MaxPriorityFeePerGas, bool BelowBaseFee)
{
    public static FeePlan Within(UInt256 nextBaseFee, UInt256 tip, ulong gasLimit, FeeCap cap)
    {
        ArgumentNullException.ThrowIfNull(cap);
        if (gasLimit == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(gasLimit), "the gas limit is at least 1");
        }

        var priority = cap.MaxPriorityFeePerGas is { } maxTip && tip > maxTip ? maxTip : tip;
        var maxFee = Min((nextBaseFee * 2UL) + priority, cap.MaxFeePerGas);
        maxFee = Min(maxFee, cap.MaxTotalFee / gasLimit);
        priority = Min(priority, maxFee);
        return new FeePlan(maxFee, priority, maxFee < nextBaseFee);
    }

    private static UInt256 Min(UInt256 a, UInt256 b) => a < b ? a : b;
}
