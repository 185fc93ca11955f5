using Custody.Domain.Policies;

namespace Custody.Domain.Signing;

/// <summary>Fees against a policy's fee cap (docs/policy.md "Fee caps"); used by the request check and the signing log rule.</summary>
public static class FeeCapCheck
{
    public static SigningRefusal? Check(TransactionFees fees, FeeCap cap)
    {
        ArgumentNullException.ThrowIfNull(fees);
        ArgumentNullException.ThrowIfNull(cap);
        if (fees.MaxPriorityFeePerGas > fees.MaxFeePerGas)
        {
            return new(SigningRefusalCodes.FeeInvalid, $"maxPriorityFeePerGas {fees.MaxPriorityFeePerGas} exceeds maxFeePerGas {fees.MaxFeePerGas}");
        }

        if (fees.MaxFeePerGas > cap.MaxFeePerGas)
        {
            return new(SigningRefusalCodes.FeeAboveCap, $"maxFeePerGas {fees.MaxFeePerGas} wei is above the policy's cap of {cap.MaxFeePerGas}");
        }

        if (cap.MaxPriorityFeePerGas is { } maxTip && fees.MaxPriorityFeePerGas > maxTip)
        {
            return new(SigningRefusalCodes.FeeAboveCap, $"maxPriorityFeePerGas {fees.MaxPriorityFeePerGas} wei is above the policy's cap of {maxTip}");
        }

        if (fees.MaxTotalFee > cap.MaxTotalFee.ToBigInteger())
        {
            return new(SigningRefusalCodes.TotalFeeAboveCap, $"gasLimit {fees.GasLimit} * maxFeePerGas {fees.MaxFeePerGas} = {fees.MaxTotalFee} wei is above the policy's maxTotalFee of {cap.MaxTotalFee}");
        }

        return null;
    }
}
