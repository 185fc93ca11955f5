using Custody.Mpc.Protocol;

namespace Custody.Mpc.Keys;

/// <summary>
/// The signing state that must outlive a process (docs/mpc.md "Shape of the code"): the sessions this party has
/// answered, and the pairs it has discarded after a failed pairwise check. The library keeps nothing across
/// processes itself; the services implement this on durable storage (Firestore, or a local store of a
/// co-signer), shared by every replica of the same party. Requirements (SECURE_USAGE.md, "Session ledger"):
/// <list type="bullet">
/// <item><see cref="TryRecordAnswerAsync"/> is an atomic check-and-insert: of two concurrent calls with the same
/// record exactly one returns true, across every replica and restart, and a true answer is durable before it
/// returns (the signing round that answers is sent only after it).</item>
/// <item><see cref="RecordDiscardedPairAsync"/> is durable before it returns, and <see cref="DiscardedPairsAsync"/>
/// returns every record written for the key and party, so a restored older sealed share cannot revive a pair.</item>
/// </list>
/// </summary>
public interface ISessionLedger
{
    /// <summary>Records that <paramref name="session"/> is being answered; false if it was recorded before (never answer then).</summary>
    ValueTask<bool> TryRecordAnswerAsync(AnsweredSession session, CancellationToken cancellationToken);

    /// <summary>Records durably that the pair failed a check: it stays unusable at this OT epoch and every earlier one.</summary>
    ValueTask RecordDiscardedPairAsync(DiscardedPair pair, CancellationToken cancellationToken);

    /// <summary>Every discard recorded for this key and party.</summary>
    ValueTask<IReadOnlyList<DiscardedPair>> DiscardedPairsAsync(ReadOnlyMemory<byte> keyId, PartyId self, CancellationToken cancellationToken);
}

/// <summary>A signing session answered by <see cref="Self"/> with the key <see cref="KeyId"/>: the agreed session id, not the caller's label.</summary>
public sealed record AnsweredSession(ReadOnlyMemory<byte> KeyId, PartyId Self, ReadOnlyMemory<byte> SessionId)
{
    /// <summary>A stable string key for storage: hex of key id, party and session id.</summary>
    public string StorageKey => $"{Convert.ToHexString(KeyId.Span)}/{Self}/{Convert.ToHexString(SessionId.Span)}";
}

/// <summary>The pair of <see cref="Self"/> with <see cref="Counterpart"/> under key <see cref="KeyId"/> is unusable at every OT epoch up to <see cref="OtEpoch"/>.</summary>
public sealed record DiscardedPair(ReadOnlyMemory<byte> KeyId, PartyId Self, PartyId Counterpart, uint OtEpoch)
{
    /// <summary>A stable string key for storage: hex of key id, both parties and the OT epoch.</summary>
    public string StorageKey => $"{Convert.ToHexString(KeyId.Span)}/{Self}/{Counterpart}/{OtEpoch}";
}
