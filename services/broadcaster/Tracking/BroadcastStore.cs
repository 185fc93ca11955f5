using System.Diagnostics;
using System.Globalization;
using Custody.Broadcaster.Broadcasting;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.State;

namespace Custody.Broadcaster.Tracking;

/// <summary>
/// Every state change of <c>broadcasts/{requestId}</c>, each in one Firestore transaction together with the shared
/// <c>transactions/{requestId}</c> record (Signed -> Broadcast -> Confirmed | Failed), its audit entry and, where the
/// change is news for other services, the outgoing event in the outbox (published right after the commit; the relay
/// is the safety net). Each change is conditional on the status read inside the transaction, so two deliveries, two
/// instances or a restarted instance never both make it: that is what makes every outgoing event exactly-once.
/// </summary>
public sealed class BroadcastStore(FirestoreDatabase database, TransactionStore transactions, AuditLog audit, OutboxWriter outbox, OutboxRelay relay, TimeProvider time)
{
    public const string Collection = "broadcasts";
    public const string Actor = "broadcaster";

    public static DocumentPath PathOf(string requestId) => DocumentPath.Of(Collection, requestId);

    public FirestoreDatabase Database => database;

    public async Task<BroadcastRecord?> GetAsync(string requestId, CancellationToken ct) =>
        (await database.GetAsync(PathOf(requestId), BroadcastRecordMapper.Instance, ct).ConfigureAwait(false))?.Value;

    /// <summary>The broadcasts still being tracked (Pending or Mined), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<BroadcastRecord>> TrackedAsync(int limit, CancellationToken ct)
    {
        var query = DocumentQuery.Collection(Collection).Where("tracked", FilterOperator.Equal, FieldValue.True).Limit(limit);
        var page = await database.QueryAsync(query, BroadcastRecordMapper.Instance, ct).ConfigureAwait(false);
        return [.. page.Select(d => d.Value)];
    }

    /// <summary>
    /// Before the first submission: the transaction record must hold exactly this signed transaction in state Signed
    /// (anything else is not the signer's and is refused); it moves to Broadcast and <c>broadcasts/{requestId}</c> is
    /// created as Submitting. Returns the record to submit: the new one, or the existing one while still Submitting (a
    /// redelivery after a crash); null when the broadcast is already past submission (a duplicate delivery).
    /// </summary>
    public Task<BroadcastRecord?> BeginAsync(TransactionSigned signed, CancellationToken ct) =>
        database.RunTransactionAsync<BroadcastRecord?>(async (tx, token) =>
        {
            var existing = await tx.GetAsync(PathOf(signed.RequestId), BroadcastRecordMapper.Instance, token).ConfigureAwait(false);
            if (existing is not null)
            {
                var known = existing.Value;
                if (known.Holds(signed.TransactionHash))
                {
                    // A redelivery (submitted again while still Submitting), or of a transaction a replacement took over from.
                    return string.Equals(known.TransactionHash, signed.TransactionHash, StringComparison.OrdinalIgnoreCase) && known.Status == BroadcastStatus.Submitting ? known : null;
                }

                return await ReplacingAsync(tx, known, signed, token).ConfigureAwait(false);
            }

            var now = time.GetUtcNow();
            var record = await transactions.TryTransitionAsync(tx, signed.RequestId, TransactionState.Signed, TransactionState.Broadcast, r =>
                string.Equals(r.RawTransaction, signed.RawTransaction, StringComparison.OrdinalIgnoreCase) && r.WalletId == signed.WalletId
                    ? r
                    : throw new InvalidDataException($"transaction-signed {signed.RequestId}: the raw transaction or wallet is not the one the signer stored."),
                now, TraceId, token).ConfigureAwait(false)
                ?? throw new InvalidDataException($"transaction-signed {signed.RequestId}: no stored request in state Signed.");
            var broadcast = new BroadcastRecord
            {
                RequestId = signed.RequestId, WalletId = signed.WalletId, ChainId = signed.ChainId,
                Nonce = ulong.Parse(signed.Nonce, NumberStyles.None, CultureInfo.InvariantCulture),
                TransactionHash = signed.TransactionHash.ToLowerInvariant(), RawTransaction = signed.RawTransaction, PolicyId = record.PolicyId,
                Status = BroadcastStatus.Submitting, SubmittedAt = now, UpdatedAt = now,
            };
            tx.Create(PathOf(signed.RequestId), broadcast, BroadcastRecordMapper.Instance);
            await AppendAsync(tx, broadcast, "Submitting", new() { ["nonce"] = signed.Nonce }, token).ConfigureAwait(false);
            return broadcast;
        }, ct: ct);

    /// <summary>
    /// A fee replacement for a broadcast being tracked (docs/broadcaster.md "Fee replacement"): the shared record must
    /// be Broadcast and hold exactly this transaction (the signer records the replacement there before publishing it),
    /// at the broadcast's nonce; anything else is refused. While the broadcast is Pending (or Submitting) the
    /// replacement becomes its current transaction, Submitting, with every earlier one still tracked; once one is
    /// mined or the broadcast ended, the replacement is not needed: audited, and nothing is submitted.
    /// </summary>
    private async Task<BroadcastRecord?> ReplacingAsync(FirestoreTransaction tx, BroadcastRecord known, TransactionSigned signed, CancellationToken ct)
    {
        var record = (await transactions.GetAsync(tx, signed.RequestId, ct).ConfigureAwait(false))?.Value;
        if (record is not { State: TransactionState.Broadcast } || !string.Equals(record.RawTransaction, signed.RawTransaction, StringComparison.OrdinalIgnoreCase)
            || record.WalletId != signed.WalletId || signed.Nonce != known.Nonce.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"transaction-signed {signed.RequestId}: a different transaction is already broadcast for this request, and the signer's record does not hold this one as its replacement.");
        }

        var now = time.GetUtcNow();
        if (known.Status is not (BroadcastStatus.Pending or BroadcastStatus.Submitting))
        {
            await AppendAsync(tx, known, "ReplacementIgnored", new() { ["replacement"] = signed.TransactionHash, ["status"] = known.Status.ToString() }, ct).ConfigureAwait(false);
            return null;
        }

        var next = known.Replaced(signed.TransactionHash, signed.RawTransaction) with { Status = BroadcastStatus.Submitting, UpdatedAt = now };
        tx.Update(PathOf(signed.RequestId), next, BroadcastRecordMapper.Instance);
        await AppendAsync(tx, next, "Replacing", new() { ["nonce"] = signed.Nonce, ["replaces"] = known.TransactionHash }, ct).ConfigureAwait(false);
        return next;
    }

    /// <summary>
    /// Submitting -> Pending without the replacement: the node did not take it (the nonce already mined, or an earlier
    /// transaction it cannot replace); the earlier transactions are still tracked and whichever is mined wins.
    /// </summary>
    public Task<bool> ReplacementNotTakenAsync(BroadcastRecord submitted, string reason, CancellationToken ct) =>
        ChangeAsync(submitted, r => r with { Status = BroadcastStatus.Pending, Note = reason }, "ReplacementNotTaken", new() { ["reason"] = reason }, null, ct);

    /// <summary>Submitting -> Pending: the node has the transaction (<paramref name="how"/>: submitted, already-known, already-mined); transaction-broadcast.</summary>
    public Task<bool> AcceptedAsync(BroadcastRecord submitted, string how, CancellationToken ct) =>
        ChangeAsync(submitted, r => r with { Status = BroadcastStatus.Pending }, "Broadcast", new() { ["submission"] = how },
            (tx, next, now, token) => AddAsync(tx, Topics.Broadcast, new TransactionBroadcast(next.RequestId, next.WalletId, next.ChainId, next.TransactionHash, now), BroadcasterEvents.Broadcast, next, token),
            ct);

    /// <summary>Submitting -> Failed: the node refused the transaction for good; the request fails (stage broadcast).</summary>
    public Task<bool> RefusedAsync(BroadcastRecord submitted, string reason, CancellationToken ct) =>
        FailAsync(submitted, "broadcast", reason, ct);

    /// <summary>Pending -> Mined, or Mined in another block than recorded (a reorg that re-included it): the receipt's block.</summary>
    public Task<bool> MinedAsync(BroadcastRecord seen, EarlierTransaction mined, ulong blockNumber, string blockHash, CancellationToken ct)
    {
        var moved = seen.Status == BroadcastStatus.Mined;
        return ChangeAsync(seen, r => r.WithCurrent(mined.TransactionHash, mined.RawTransaction) with
        {
            Status = BroadcastStatus.Mined, BlockNumber = blockNumber, BlockHash = blockHash, Reorgs = moved ? r.Reorgs + 1 : r.Reorgs,
        }, moved ? "Reorganised" : "Mined", new() { ["blockNumber"] = blockNumber.ToString(CultureInfo.InvariantCulture), ["blockHash"] = blockHash, ["mined"] = mined.TransactionHash }, null, ct);
    }

    /// <summary>Mined -> Pending: the receipt's block is no longer canonical (a reorg); tracking starts over.</summary>
    public Task<bool> ReorganisedAsync(BroadcastRecord mined, CancellationToken ct) =>
        ChangeAsync(mined, r => r with { Status = BroadcastStatus.Pending, BlockNumber = null, BlockHash = null, Reorgs = r.Reorgs + 1 }, "Reorganised",
            new() { ["droppedBlockHash"] = mined.BlockHash ?? "none" }, null, ct);

    /// <summary>Mined -> Confirmed with the required confirmations; the request is Confirmed; transaction-confirmed.</summary>
    public Task<bool> ConfirmedAsync(BroadcastRecord mined, int confirmations, CancellationToken ct) =>
        ChangeAsync(mined, r => r with { Status = BroadcastStatus.Confirmed }, "Confirmed",
            new() { ["blockNumber"] = Block(mined), ["blockHash"] = mined.BlockHash!, ["confirmations"] = confirmations.ToString(CultureInfo.InvariantCulture) },
            async (tx, next, now, token) =>
            {
                await TransitionAsync(tx, next.RequestId, TransactionState.Confirmed,
                    r => Mined(r, next) with { Receipt = new Custody.Contracts.Api.TransactionReceipt(Block(next), next.BlockHash!, confirmations) }, now, token).ConfigureAwait(false);
                return await AddAsync(tx, Topics.Confirmed, new TransactionConfirmed(next.RequestId, next.TransactionHash, Block(next), next.BlockHash!, confirmations, now),
                    BroadcasterEvents.Confirmed, next, token).ConfigureAwait(false);
            },
            ct);

    /// <summary>Mined -> Failed: the receipt says reverted and has the required confirmations; transaction-failed (stage chain) with the reason.</summary>
    public Task<bool> RevertedAsync(BroadcastRecord mined, string reason, CancellationToken ct) => FailAsync(mined, "chain", reason, ct);

    /// <summary>Pending stays Pending, one more replacement asked for: transaction-replacement-requested.</summary>
    public Task<bool> ReplacementRequestedAsync(BroadcastRecord pending, FeeBump bump, CancellationToken ct) =>
        ChangeAsync(pending, r => r with { Replacements = r.Replacements + 1, LastReplacementAt = time.GetUtcNow() }, "ReplacementRequested",
            new()
            {
                ["maxFeePerGas"] = bump.MaxFeePerGas.ToString(), ["maxPriorityFeePerGas"] = bump.MaxPriorityFeePerGas.ToString(),
                ["requiresNewApproval"] = bump.RequiresNewApproval ? "true" : "false", ["approvalReason"] = bump.ApprovalReason ?? "none",
            },
            (tx, next, now, token) => AddAsync(tx, Topics.ReplacementRequested, new TransactionReplacementRequested(
                next.RequestId, next.WalletId, next.ChainId, next.Nonce.ToString(CultureInfo.InvariantCulture), next.TransactionHash,
                bump.MaxFeePerGas.ToString(), bump.MaxPriorityFeePerGas.ToString(), bump.RequiresNewApproval, bump.ApprovalReason, next.Replacements, now),
                BroadcasterEvents.ReplacementRequested, next, token),
            ct);

    private Task<bool> FailAsync(BroadcastRecord current, string stage, string reason, CancellationToken ct) =>
        ChangeAsync(current, r => r with { Status = BroadcastStatus.Failed, Note = reason }, "Failed", new() { ["stage"] = stage, ["reason"] = reason },
            async (tx, next, now, token) =>
            {
                await TransitionAsync(tx, next.RequestId, TransactionState.Failed, r => Mined(r, next), now, token).ConfigureAwait(false);
                return await AddAsync(tx, Topics.Failed, new TransactionFailed(next.RequestId, stage, reason, next.TransactionHash, now), BroadcasterEvents.Failed, next, token).ConfigureAwait(false);
            },
            ct);

    /// <summary>
    /// One change of a broadcast: applied only when the document is still as <paramref name="expected"/> was read
    /// (same status and block), with its audit entry and optional outgoing event; false when someone else moved it first.
    /// </summary>
    private async Task<bool> ChangeAsync(
        BroadcastRecord expected, Func<BroadcastRecord, BroadcastRecord> change, string action, Dictionary<string, string> details,
        Func<FirestoreTransaction, BroadcastRecord, DateTimeOffset, CancellationToken, Task<OutboxEntry>>? publish, CancellationToken ct)
    {
        var entry = await database.RunTransactionAsync<(bool Changed, OutboxEntry? Entry)>(async (tx, token) =>
        {
            var current = await tx.GetAsync(PathOf(expected.RequestId), BroadcastRecordMapper.Instance, token).ConfigureAwait(false);
            if (current is null || current.Value.Status != expected.Status || current.Value.BlockHash != expected.BlockHash || current.Value.Replacements != expected.Replacements
                || current.Value.TransactionHash != expected.TransactionHash)
            {
                return (false, null);
            }

            var now = time.GetUtcNow();
            var next = change(current.Value) with { UpdatedAt = now };
            tx.Update(PathOf(expected.RequestId), next, BroadcastRecordMapper.Instance, current.UpdateTime);
            await AppendAsync(tx, next, action, details, token).ConfigureAwait(false);
            return (true, publish is null ? null : await publish(tx, next, now, token).ConfigureAwait(false));
        }, ct: ct).ConfigureAwait(false);
        if (entry.Entry is { } committed)
        {
            await relay.PublishCommittedAsync([committed], ct).ConfigureAwait(false);
        }

        return entry.Changed;
    }

    /// <summary>The shared record from Broadcast to <paramref name="to"/>; it must be in Broadcast (the broadcaster moved it there).</summary>
    private async Task TransitionAsync(FirestoreTransaction tx, string requestId, TransactionState to, Func<TransactionRecord, TransactionRecord> change, DateTimeOffset now, CancellationToken ct)
    {
        _ = await transactions.TryTransitionAsync(tx, requestId, TransactionState.Broadcast, to, change, now, TraceId, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Request {requestId} is not in state Broadcast; the broadcast cannot end as {to}.");
    }

    /// <summary>The shared record names the broadcast's current transaction: after a fee replacement, the one mined (or last tried), whichever it is.</summary>
    private static TransactionRecord Mined(TransactionRecord record, BroadcastRecord broadcast) =>
        record with { TransactionHash = broadcast.TransactionHash, RawTransaction = broadcast.RawTransaction };

    private Task<OutboxEntry> AddAsync<T>(FirestoreTransaction tx, string topic, T @event, EventType<T> type, BroadcastRecord record, CancellationToken ct) =>
        outbox.AddAsync(tx, topic, EventEnvelope.Create(@event, type, BroadcasterEvents.Source, record.WalletId), ct);

    private Task AppendAsync(FirestoreTransaction tx, BroadcastRecord record, string action, Dictionary<string, string> details, CancellationToken ct)
    {
        details["walletId"] = record.WalletId;
        details["txHash"] = record.TransactionHash;
        return audit.AppendAsync(tx, new AuditRecord(Actor, action, record.RequestId, TraceId, details), ct);
    }

    private static string Block(BroadcastRecord record) =>
        record.BlockNumber?.ToString(CultureInfo.InvariantCulture) ?? throw new InvalidOperationException($"Broadcast {record.RequestId} has no block.");

    private static string TraceId => Activity.Current?.TraceId.ToString() ?? "";
}
