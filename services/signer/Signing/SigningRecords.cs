using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.State;

namespace Custody.Signer.Signing;

/// <summary>
/// The signer's state changes of <c>transactions/{requestId}</c> (docs/state.md), each in one Firestore transaction
/// with its audit entry and, for Signed, transaction-signed in the outbox (published right after the commit, the relay
/// being the safety net). Each is conditional on the state read, so two deliveries never both advance a request.
/// </summary>
public sealed class SigningRecords(FirestoreDatabase database, TransactionStore store, AuditLog audit, OutboxWriter outbox, OutboxRelay relay, TimeProvider time)
{
    public const string Actor = "signer";

    /// <summary>
    /// Approved -> Signing with the nonce and the exact unsigned transaction (none when the signer refuses before
    /// pricing it); null when another delivery moved it first.
    /// </summary>
    public Task<TransactionRecord?> StartAsync(string requestId, DynamicFeeTransaction? transaction, TransactionApproved approved, string note, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            var next = await store.TryTransitionAsync(tx, requestId, TransactionState.Approved, TransactionState.Signing, r => r with
            {
                Nonce = transaction is null ? null : checked((long)transaction.Nonce),
                UnsignedTransaction = transaction is null ? null : TransactionJson.ToJson(transaction).ToJsonString(),
                SigningNote = note,
                ApprovedEvent = JsonSerializer.Serialize(approved, ContractsJsonContext.Default.TransactionApproved),
            }, time.GetUtcNow(), TraceId, token).ConfigureAwait(false);
            if (next is not null)
            {
                await AppendAsync(tx, next, new() { ["nonce"] = next.Nonce?.ToString(CultureInfo.InvariantCulture) ?? "none", ["note"] = note }, token).ConfigureAwait(false);
            }

            return next;
        }, ct: ct);

    /// <summary>Signing -> Signed with the raw transaction, and transaction-signed (ordering key: the wallet) in the outbox.</summary>
    public async Task<TransactionRecord?> SignedAsync(string requestId, SignedTransaction signed, IReadOnlyList<string> signers, SigningTimes times, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = await database.RunTransactionAsync<(TransactionRecord, OutboxEntry)?>(async (tx, token) =>
        {
            var next = await store.TryTransitionAsync(tx, requestId, TransactionState.Signing, TransactionState.Signed, r => r with
            {
                RawTransaction = Hex.Encode(signed.Raw),
                TransactionHash = signed.Hash.ToString(),
                SigningNote = "signed by " + string.Join(", ", signers),
                SigningTimes = times,
            }, now, TraceId, token).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            await AppendAsync(tx, next, new() { ["txHash"] = signed.Hash.ToString(), ["signers"] = string.Join(",", signers) }, token).ConfigureAwait(false);
            return (next, await AddSignedAsync(tx, next, signed, now, token).ConfigureAwait(false));
        }, ct: ct).ConfigureAwait(false);
        return await PublishAsync(result, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A fee replacement recorded before any party signs it (docs/signing.md "Fee replacements"): the request stays
    /// Broadcast (its current transaction may still be mined) and holds the exact replacement for
    /// <paramref name="attempt"/>; null when the request is no longer Broadcast or that attempt is already recorded.
    /// </summary>
    public Task<TransactionRecord?> ReplacementStartAsync(string requestId, int attempt, DynamicFeeTransaction replacement, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            // A concurrent delivery of the same attempt that recorded it first signs it; this one does not.
            if ((await store.GetAsync(tx, requestId, token).ConfigureAwait(false))?.Value.Replacement is { } last && last.Attempt == attempt)
            {
                return null;
            }

            var next = await store.TryUpdateAsync(tx, requestId, TransactionState.Broadcast,
                r => r with { Replacement = new TransactionReplacement(attempt, TransactionJson.ToJson(replacement).ToJsonString(), ReplacementStatus.Signing, null) },
                time.GetUtcNow(), TraceId, token).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            await AppendAsync(tx, next, "ReplacementSigning", new()
            {
                ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture), ["maxFeePerGas"] = replacement.MaxFeePerGas.ToString(),
                ["maxPriorityFeePerGas"] = replacement.MaxPriorityFeePerGas.ToString(), ["replaces"] = next.TransactionHash ?? "none",
            }, token).ConfigureAwait(false);
            return next;
        }, ct: ct);

    /// <summary>
    /// The replacement of <paramref name="attempt"/> signed: the request's transaction becomes it (hash, raw and
    /// unsigned transaction), the one it replaces is kept in <c>replacedTransactionHashes</c>, and transaction-signed is
    /// in the outbox. Null when the request moved on (confirmed meanwhile: the signature is never published).
    /// </summary>
    public async Task<TransactionRecord?> ReplacementSignedAsync(string requestId, int attempt, SignedTransaction signed, IReadOnlyList<string> signers, SigningTimes times, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = await database.RunTransactionAsync<(TransactionRecord, OutboxEntry)?>(async (tx, token) =>
        {
            var current = (await store.GetAsync(tx, requestId, token).ConfigureAwait(false))?.Value;
            if (current?.Replacement is not { Status: ReplacementStatus.Signing } replacement || replacement.Attempt != attempt || current.TransactionHash is null)
            {
                return null;
            }

            var next = await store.TryUpdateAsync(tx, requestId, TransactionState.Broadcast, r => r with
            {
                ReplacedTransactionHashes = [.. r.ReplacedTransactionHashes, r.TransactionHash!],
                TransactionHash = signed.Hash.ToString(),
                RawTransaction = Hex.Encode(signed.Raw),
                UnsignedTransaction = replacement.UnsignedTransaction,
                Replacement = replacement with { Status = ReplacementStatus.Signed },
                SigningNote = $"replacement {attempt} signed by " + string.Join(", ", signers),
                SigningTimes = times,
            }, now, TraceId, token).ConfigureAwait(false);
            if (next is null)
            {
                return null;
            }

            await AppendAsync(tx, next, "ReplacementSigned", new()
            {
                ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture), ["txHash"] = signed.Hash.ToString(), ["replaces"] = current.TransactionHash,
                ["signers"] = string.Join(",", signers),
            }, token).ConfigureAwait(false);
            return (next, await AddSignedAsync(tx, next, signed, now, token).ConfigureAwait(false));
        }, ct: ct).ConfigureAwait(false);
        return await PublishAsync(result, ct).ConfigureAwait(false);
    }

    /// <summary>A party refused the replacement of <paramref name="attempt"/>: recorded and audited; the request keeps its transaction.</summary>
    public Task<TransactionRecord?> ReplacementRefusedAsync(string requestId, int attempt, string reason, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            var next = await store.TryUpdateAsync(tx, requestId, TransactionState.Broadcast, r => r.Replacement is { Status: ReplacementStatus.Signing } signing && signing.Attempt == attempt
                ? r with { Replacement = signing with { Status = ReplacementStatus.Refused, Note = reason } }
                : r, time.GetUtcNow(), TraceId, token).ConfigureAwait(false);
            if (next?.Replacement is not { Status: ReplacementStatus.Refused } refused || refused.Attempt != attempt)
            {
                return null;
            }

            await AppendAsync(tx, next, "ReplacementRefused", new() { ["attempt"] = attempt.ToString(CultureInfo.InvariantCulture), ["reason"] = reason }, token).ConfigureAwait(false);
            return next;
        }, ct: ct);

    /// <summary>
    /// A replacement request refused at the signer's boundary (<see cref="Replacements.ReplacementCheck"/>): only
    /// audited, the request is not changed (a forged event must not move a request's replacement attempts on).
    /// </summary>
    public Task RefusedAtBoundaryAsync(TransactionReplacementRequested requested, string code, string detail, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            await audit.AppendAsync(tx, new AuditRecord(Actor, "ReplacementRefused", requested.RequestId, TraceId, new Dictionary<string, string>
            {
                ["walletId"] = requested.WalletId, ["attempt"] = requested.Attempt.ToString(CultureInfo.InvariantCulture), ["code"] = code, ["reason"] = detail,
            }), token).ConfigureAwait(false);
        }, ct: ct);

    /// <summary>Signing -> SigningFailed with the reason (a permanent refusal: the request is not retried).</summary>
    public Task<TransactionRecord?> FailedAsync(string requestId, string reason, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            var next = await store.TryTransitionAsync(tx, requestId, TransactionState.Signing, TransactionState.SigningFailed,
                r => r with { SigningNote = reason }, time.GetUtcNow(), TraceId, token).ConfigureAwait(false);
            if (next is not null)
            {
                await AppendAsync(tx, next, new() { ["reason"] = reason }, token).ConfigureAwait(false);
            }

            return next;
        }, ct: ct);

    private Task AppendAsync(FirestoreTransaction tx, TransactionRecord next, Dictionary<string, string> details, CancellationToken ct) =>
        AppendAsync(tx, next, next.State.ToString(), details, ct);

    private Task AppendAsync(FirestoreTransaction tx, TransactionRecord next, string action, Dictionary<string, string> details, CancellationToken ct)
    {
        details["walletId"] = next.WalletId;
        return audit.AppendAsync(tx, new AuditRecord(Actor, action, next.RequestId, TraceId, details), ct);
    }

    /// <summary>transaction-signed of <paramref name="signed"/> into the outbox (ordering key: the wallet, so the broadcaster sees one wallet's nonces in order).</summary>
    private Task<OutboxEntry> AddSignedAsync(FirestoreTransaction tx, TransactionRecord next, SignedTransaction signed, DateTimeOffset now, CancellationToken ct)
    {
        var @event = new TransactionSigned(next.RequestId, next.WalletId, signed.Transaction.ChainId, signed.Transaction.Nonce.ToString(CultureInfo.InvariantCulture),
            Hex.Encode(signed.Raw), signed.Hash.ToString(), now);
        return outbox.AddAsync(tx, Custody.Contracts.Events.Topics.Signed, EventEnvelope.Create(@event, SignerEvents.Signed, SignerEvents.Source, next.WalletId), ct);
    }

    private async Task<TransactionRecord?> PublishAsync((TransactionRecord Record, OutboxEntry Entry)? committed, CancellationToken ct)
    {
        if (committed is not { } done)
        {
            return null;
        }

        await relay.PublishCommittedAsync([done.Entry], ct).ConfigureAwait(false);
        return done.Record;
    }

    private static string TraceId => Activity.Current?.TraceId.ToString() ?? "";
}
