using System.Diagnostics;
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
    public Task<TransactionRecord?> StartAsync(string requestId, DynamicFeeTransaction? transaction, string note, CancellationToken ct) =>
        database.RunTransactionAsync(async (tx, token) =>
        {
            var next = await store.TryTransitionAsync(tx, requestId, TransactionState.Approved, TransactionState.Signing, r => r with
            {
                Nonce = transaction is null ? null : checked((long)transaction.Nonce),
                UnsignedTransaction = transaction is null ? null : TransactionJson.ToJson(transaction).ToJsonString(),
                SigningNote = note,
            }, time.GetUtcNow(), TraceId, token).ConfigureAwait(false);
            if (next is not null)
            {
                await AppendAsync(tx, next, new() { ["nonce"] = next.Nonce?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none", ["note"] = note }, token).ConfigureAwait(false);
            }

            return next;
        }, ct: ct);

    /// <summary>Signing -> Signed with the raw transaction, and transaction-signed (ordering key: the wallet) in the outbox.</summary>
    public async Task<TransactionRecord?> SignedAsync(string requestId, SignedTransaction signed, IReadOnlyList<string> signers, SigningTimes times, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var result = await database.RunTransactionAsync(async (tx, token) =>
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
            var @event = new TransactionSigned(requestId, next.WalletId, signed.Transaction.ChainId, signed.Transaction.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Hex.Encode(signed.Raw), signed.Hash.ToString(), now);
            var entry = await outbox.AddAsync(tx, Custody.Contracts.Events.Topics.Signed, EventEnvelope.Create(@event, SignerEvents.Signed, SignerEvents.Source, next.WalletId), token).ConfigureAwait(false);
            return new { Record = next, Entry = entry };
        }, ct: ct).ConfigureAwait(false);
        if (result is null)
        {
            return null;
        }

        await relay.PublishCommittedAsync([result.Entry], ct).ConfigureAwait(false);
        return result.Record;
    }

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

    private Task AppendAsync(FirestoreTransaction tx, TransactionRecord next, Dictionary<string, string> details, CancellationToken ct)
    {
        details["walletId"] = next.WalletId;
        return audit.AppendAsync(tx, new AuditRecord(Actor, next.State.ToString(), next.RequestId, TraceId, details), ct);
    }

    private static string TraceId => Activity.Current?.TraceId.ToString() ?? "";
}
