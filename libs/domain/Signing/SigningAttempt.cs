using Custody.Domain.Hashing;
using Custody.Domain.Intents;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;

namespace Custody.Domain.Signing;

/// <summary>
/// One transaction a party is about to sign, as its signing log keeps it (docs/signing.md "Signing log"): the slot
/// (wallet, chain, nonce), the request and intent it carries out, its signing hash, what it does (to, value, the
/// Keccak-256 of its data) and its fees.
/// </summary>
public sealed record SigningAttempt(
    string WalletId,
    ulong ChainId,
    ulong Nonce,
    string RequestId,
    Hash32 IntentHash,
    Bytes32 SigningHash,
    Address To,
    UInt256 Value,
    Bytes32 DataHash,
    TransactionFees Fees)
{
    /// <summary>The attempt of signing <paramref name="transaction"/> for <paramref name="intent"/> (checked to match by <see cref="SigningRequestCheck"/>).</summary>
    public static SigningAttempt For(TransactionIntent intent, DynamicFeeTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentNullException.ThrowIfNull(transaction);
        return new(
            intent.WalletId, transaction.ChainId, transaction.Nonce, intent.RequestId, intent.Hash, transaction.SigningHash(),
            transaction.To ?? throw new ArgumentException("a contract creation is never an intent", nameof(transaction)),
            transaction.Value, Bytes32.Create(Keccak256.Hash(transaction.Data.Span)), TransactionFees.Of(transaction));
    }

    /// <summary>Same request, intent, chain, target, value and data: only the fees may differ.</summary>
    public bool IsSameIntentAs(SigningAttempt other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(RequestId, other.RequestId, StringComparison.Ordinal) && IntentHash == other.IntentHash &&
            string.Equals(WalletId, other.WalletId, StringComparison.Ordinal) && ChainId == other.ChainId && Nonce == other.Nonce &&
            To == other.To && Value == other.Value && DataHash == other.DataHash;
    }
}
