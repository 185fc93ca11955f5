using System.Globalization;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Signing.Admission;
using Custody.State;

namespace Custody.Signer.Replacements;

/// <summary>
/// The signer's boundary check of a transaction-replacement-requested (docs/signing.md "Fee replacements"), before
/// anything is recorded or signed. The event is the broadcaster's and trusted for nothing: against the signer's own
/// record of the request it must name a request in state Broadcast, its wallet, chain and reserved nonce, and the
/// request's current transaction as the stuck one; it must not ask for new approvals; its fees must raise both fees
/// of the current transaction by at least the replacement minimum and stay within the fee cap of the policy the
/// request was decided under, checked here again with the signer's own policies (the co-signers check it too).
/// The result is the replacement: the current transaction with only its two fees changed.
/// </summary>
public static class ReplacementCheck
{
    public static (DynamicFeeTransaction? Replacement, ReplacementRefusal? Refusal) Check(
        TransactionRecord? record, TransactionReplacementRequested requested, PolicyBook policies, double minimumBumpPercent)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(policies);
        if (record is null)
        {
            return Refuse(ReplacementRefusal.UnknownRequest, $"no request {requested.RequestId} is stored");
        }

        if (record.State != TransactionState.Broadcast)
        {
            return Refuse(ReplacementRefusal.NotBroadcast, $"request {record.RequestId} is {record.State}; only a Broadcast request's transaction can be replaced");
        }

        if (!string.Equals(requested.WalletId, record.WalletId, StringComparison.Ordinal))
        {
            return Refuse(ReplacementRefusal.WalletMismatch, $"the event names wallet {requested.WalletId}, the request is wallet {record.WalletId}'s");
        }

        if (requested.ChainId != record.Request.ChainId)
        {
            return Refuse(ReplacementRefusal.ChainMismatch, $"the event names chain {requested.ChainId}, the request is on chain {record.Request.ChainId}");
        }

        if (record.UnsignedTransaction is null || record.ApprovedEvent is null || record.Nonce is null || record.TransactionHash is null)
        {
            return Refuse(ReplacementRefusal.NotReplaceable, $"request {record.RequestId} has no recorded transaction and approval to sign a replacement under");
        }

        var current = (DynamicFeeTransaction)TransactionJson.Parse(record.UnsignedTransaction);
        if (requested.Nonce != record.Nonce.Value.ToString(CultureInfo.InvariantCulture) || current.Nonce != (ulong)record.Nonce.Value)
        {
            return Refuse(ReplacementRefusal.NonceMismatch, $"the event names nonce {requested.Nonce}, the signer reserved nonce {record.Nonce} for request {record.RequestId}");
        }

        if (!string.Equals(requested.StuckTransactionHash, record.TransactionHash, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(ReplacementRefusal.StaleTransaction, $"the stuck transaction {requested.StuckTransactionHash} is not the request's current transaction {record.TransactionHash}");
        }

        if (requested.RequiresNewApproval)
        {
            return Refuse(ReplacementRefusal.NewApprovalRequired, $"the bumped fees need new approvals ({requested.ApprovalReason ?? "no reason given"}); approving a replacement anew is not built");
        }

        if (!TryFee(requested.MaxFeePerGas, out var maxFee) || !TryFee(requested.MaxPriorityFeePerGas, out var tip))
        {
            return Refuse(ReplacementRefusal.MalformedFees, "maxFeePerGas and maxPriorityFeePerGas must be decimal wei per gas");
        }

        var (minimumMaxFee, minimumTip) = (ReplacementFees.Minimum(current.MaxFeePerGas, minimumBumpPercent), ReplacementFees.Minimum(current.MaxPriorityFeePerGas, minimumBumpPercent));
        if (maxFee < minimumMaxFee || tip < minimumTip)
        {
            return Refuse(ReplacementRefusal.FeeNotBumped,
                $"a replacement raises both fees by at least {minimumBumpPercent.ToString(CultureInfo.InvariantCulture)} %: max fee {maxFee} < {minimumMaxFee} or tip {tip} < {minimumTip}");
        }

        var policyId = TryPolicyId(record.ApprovedEvent);
        if (!policies.TryGet(policyId, out var policy))
        {
            return Refuse(ReplacementRefusal.UnknownPolicy, $"the signer does not hold policy {policyId ?? "(none)"}");
        }

        var replacement = current with { MaxFeePerGas = maxFee, MaxPriorityFeePerGas = tip };
        var capRefusal = policy.TryGetFeeCap(current.ChainId, out var cap)
            ? FeeCapCheck.Check(TransactionFees.Of(replacement), cap)
            : new SigningRefusal(SigningRefusalCodes.NoFeeCap, $"policy {policyId} caps no fees on chain {current.ChainId}");
        return capRefusal is null ? (replacement, null) : Refuse(capRefusal.Code, capRefusal.Detail);
    }

    private static bool TryFee(string? text, out UInt256 fee)
    {
        fee = default;
        return !string.IsNullOrEmpty(text) && text.All(char.IsAsciiDigit) && UInt256.TryParse(text, out fee);
    }

    private static string? TryPolicyId(string approvedEvent)
    {
        var approved = System.Text.Json.JsonSerializer.Deserialize(approvedEvent, Custody.Contracts.ContractsJsonContext.Default.TransactionApproved);
        return approved?.Evidence?.PolicyId;
    }

    private static (DynamicFeeTransaction?, ReplacementRefusal?) Refuse(string code, string detail) => (null, new ReplacementRefusal(code, detail));
}
