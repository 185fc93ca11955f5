using Custody.Domain.Policies;

namespace Custody.Domain.Signing;

/// <summary>
/// The rule of a party's signing log (docs/signing.md "Signing log"): a party never signs two different transactions
/// for the same wallet, chain and nonce. The one exception is a replacement of the same intent (same request id,
/// intent hash, chain, to, value and data) with strictly higher fees that are still within the policy's cap. An
/// entry the party has not yet contributed a signature to (it admitted the transaction, but no session of it ran)
/// may be superseded by another fully checked transaction: no signature of this party exists for it, and the
/// conditional write of <see cref="ISigningLog.MarkContributedAsync"/> lets only the entry then recorded be signed.
/// </summary>
public static class SigningLogRule
{
    /// <summary>What the log does with an attempt.</summary>
    public enum Outcome
    {
        /// <summary>No entry yet: record it.</summary>
        Record,

        /// <summary>The same transaction again (a retry): keep the entry as it is.</summary>
        Unchanged,

        /// <summary>A fee replacement of the same intent: replace the entry, counting the replacement.</summary>
        Replace,

        /// <summary>Another transaction replaces an entry never contributed to.</summary>
        Supersede,

        /// <summary>Refused; the entry stays.</summary>
        Refuse,
    }

    public static (Outcome Outcome, SigningRefusal? Refusal) Decide(SigningLogEntry? existing, SigningAttempt attempt, FeeCap cap)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(cap);
        if (FeeCapCheck.Check(attempt.Fees, cap) is { } feeRefusal)
        {
            return (Outcome.Refuse, feeRefusal);
        }

        if (existing is null)
        {
            return (Outcome.Record, null);
        }

        var recorded = existing.Attempt;
        if (!string.Equals(recorded.WalletId, attempt.WalletId, StringComparison.Ordinal) || recorded.ChainId != attempt.ChainId || recorded.Nonce != attempt.Nonce)
        {
            throw new ArgumentException("the entry is for another wallet, chain or nonce", nameof(existing));
        }

        if (recorded.SigningHash == attempt.SigningHash)
        {
            return (Outcome.Unchanged, null);
        }

        if (recorded.IsSameIntentAs(attempt))
        {
            if (attempt.Fees.IsStrictlyHigherThan(recorded.Fees))
            {
                return (Outcome.Replace, null);
            }

            if (existing.Contributed)
            {
                return (Outcome.Refuse, new(SigningRefusalCodes.ReplacementFeeNotHigher,
                    $"nonce {attempt.Nonce} of wallet {attempt.WalletId} on chain {attempt.ChainId} was signed with {recorded.Fees}; a replacement must raise both fees, it has {attempt.Fees}"));
            }
        }

        return existing.Contributed
            ? (Outcome.Refuse, new(SigningRefusalCodes.NonceTaken,
                $"nonce {attempt.Nonce} of wallet {attempt.WalletId} on chain {attempt.ChainId} is signed for request {recorded.RequestId} (signing hash {recorded.SigningHash})"))
            : (Outcome.Supersede, null);
    }
}
