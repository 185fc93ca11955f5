using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Domain.Signing;

/// <summary>
/// The last check before a party signs (docs/signing.md "What every party checks"): the approved request, verified
/// by this party itself (<paramref name="verdict"/> from <see cref="EvidenceVerifier"/> with its own registry and
/// policy), and the unsigned EIP-1559 transaction it is asked to sign, which must be exactly the approved intent
/// (chain id, sender, to, value, data; for ERC-20 the call data that moves the token) with fees within the policy's
/// fee cap for that chain. Returns null when the party may sign, else the first reason against.
/// </summary>
public static class SigningRequestCheck
{
    public static SigningRefusal? Check(
        TransactionApproved approved, EvidenceVerdict verdict, Policy policy, Address walletAddress, DynamicFeeTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(transaction);
        if (approved.Request is null)
        {
            return new(SigningRefusalCodes.InvalidRequest, "the approved event carries no request");
        }

        if (!TransactionIntent.TryCreate(approved.Request, out var intent, out var errors))
        {
            return new(SigningRefusalCodes.InvalidRequest, string.Join("; ", errors));
        }

        return CheckIntent(approved, intent!, verdict, policy)
            ?? CheckTransaction(intent!, walletAddress, transaction)
            ?? CheckFees(policy, transaction);
    }

    private static SigningRefusal? CheckIntent(TransactionApproved approved, TransactionIntent intent, EvidenceVerdict verdict, Policy policy)
    {
        if (!string.Equals(approved.RequestId, intent.RequestId, StringComparison.Ordinal))
        {
            return new(SigningRefusalCodes.IntentMismatch, $"the event is for request {approved.RequestId}, its request is {intent.RequestId}");
        }

        if (!Hash32.TryParse(approved.IntentHash, out var claimed) || claimed != intent.Hash)
        {
            return new(SigningRefusalCodes.IntentMismatch, $"the event names intent {approved.IntentHash}, the request's intent is {intent.Hash}");
        }

        if (verdict.Decision.IntentHash != intent.Hash || verdict.Decision.PolicyId != policy.Id)
        {
            return new(SigningRefusalCodes.IntentMismatch, "the evidence verdict was reached on another intent or under another policy");
        }

        return verdict.IsApproved
            ? null
            : new(SigningRefusalCodes.EvidenceNotApproved, string.Join("; ", verdict.Failures));
    }

    private static SigningRefusal? CheckTransaction(TransactionIntent intent, Address walletAddress, DynamicFeeTransaction transaction)
    {
        if (intent.WalletAddress != walletAddress)
        {
            return new(SigningRefusalCodes.SenderMismatch, $"the request sends from {intent.WalletAddress}, this party's wallet is {walletAddress}");
        }

        if (transaction.ChainId != intent.ChainId)
        {
            return new(SigningRefusalCodes.ChainMismatch, $"the transaction is for chain {transaction.ChainId}, the intent for chain {intent.ChainId}");
        }

        if (transaction.To is not { } to || to != intent.To)
        {
            return new(SigningRefusalCodes.ToMismatch, $"the transaction goes to {transaction.To?.ToString() ?? "(contract creation)"}, the intent to {intent.To}");
        }

        if (transaction.Value != intent.Value)
        {
            return new(SigningRefusalCodes.ValueMismatch, $"the transaction sends {transaction.Value} wei, the intent {intent.Value}");
        }

        if (!transaction.Data.Span.SequenceEqual(intent.Data))
        {
            return new(SigningRefusalCodes.DataMismatch, $"the transaction's data ({transaction.Data.Length} bytes) is not the intent's ({intent.Data.Length} bytes)");
        }

        return transaction.AccessList.Count == 0
            ? null
            : new(SigningRefusalCodes.AccessListNotAllowed, "the transaction carries an access list; approved intents have none");
    }

    private static SigningRefusal? CheckFees(Policy policy, DynamicFeeTransaction transaction) =>
        policy.TryGetFeeCap(transaction.ChainId, out var cap)
            ? FeeCapCheck.Check(TransactionFees.Of(transaction), cap)
            : new(SigningRefusalCodes.NoFeeCap, $"policy {policy.Id} has no fee cap for chain {transaction.ChainId}: signing on it is refused");
}
