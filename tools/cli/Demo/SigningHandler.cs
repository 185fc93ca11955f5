using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;

namespace Custody.Cli.Demo;

/// <summary>
/// The signer's and broadcaster's handler of transaction-approved. It signs only from state Approved and records the
/// signed raw transaction (state Signed, audit entry) before sending it, with a precondition on the document version:
/// a redelivery re-sends the recorded bytes and never signs a second transaction. Then, in one Firestore transaction,
/// it records the receipt (state Confirmed), the audit entry and transaction-confirmed in the outbox.
/// </summary>
internal sealed class SigningHandler(DemoParts parts) : IEventHandler<TransactionApproved>
{
    private const string Stage = "signing";

    public async Task HandleAsync(EventContext<TransactionApproved> context, CancellationToken ct)
    {
        var approved = context.Event;
        try
        {
            if (await parts.Database.GetAsync(ProcessedMarkers.PathFor(approved.RequestId, Stage), RawFields.Mapper, ct).ConfigureAwait(false) is not null)
            {
                Narration.Line($"signing handler: {approved.RequestId} was already confirmed (duplicate delivery ignored)");
                return;
            }

            Narration.Line($"signing handler: {context.Type} {approved.RequestId} (ce-id {context.EventId}, delivery {context.DeliveryAttempt}, trace {TransactionDocument.TraceId})");
            var intent = TransactionIntent.Create(approved.Request);
            if (intent.Hash.ToString() != approved.IntentHash)
            {
                throw new DemoException($"{approved.RequestId}: the approved intent hash {approved.IntentHash} is not the request's {intent.Hash}.");
            }

            var signed = await SignedTransactionAsync(approved, intent, ct).ConfigureAwait(false);
            var receipt = await SigningStep.BroadcastAsync(parts.Anvil, signed, intent, ct).ConfigureAwait(false);
            await RecordConfirmedAsync(approved, signed.Hash.ToString(), receipt, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DemoException)
        {
            parts.Outcomes.Fail(approved.RequestId, e);
            throw;
        }
    }

    /// <summary>The recorded signed transaction, or a new signature recorded as state Signed before anything is sent.</summary>
    private async Task<SignedTransaction> SignedTransactionAsync(TransactionApproved approved, TransactionIntent intent, CancellationToken ct)
    {
        var path = TransactionDocument.PathOf(approved.RequestId);
        var current = await parts.Database.GetAsync(path, RawFields.Mapper, ct).ConfigureAwait(false)
            ?? throw new DemoException($"transactions/{approved.RequestId} does not exist.");
        var state = Enum.Parse<TransactionState>(current.Value.GetString("state"));
        if (state == TransactionState.Signed)
        {
            Narration.Line($"signing handler: {approved.RequestId} is already signed; re-sending the recorded transaction");
            return SignedTransaction.Decode(Hex.Decode(current.Value.GetString("rawTransaction")));
        }

        var signed = await SigningStep.SignAsync(parts, intent, approved, ct).ConfigureAwait(false);
        var next = TransactionLifecycle.Transition(TransactionLifecycle.Transition(state, TransactionState.Signing), TransactionState.Signed);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["txHash"] = signed.Hash.ToString(),
            ["rawTransaction"] = Hex.Encode(signed.Raw),
            ["walletId"] = approved.Request.WalletId,
        };
        var audited = details.Where(d => d.Key != "rawTransaction").ToDictionary(StringComparer.Ordinal);
        var traceId = TransactionDocument.TraceId;
        var entry = await parts.Database.RunTransactionAsync(
            async (tx, token) =>
            {
                // Only the delivery that read this version records its signature; a concurrent one fails and is redelivered.
                tx.Update(path, TransactionDocument.Fields(approved.RequestId, next, details), RawFields.Mapper, current.UpdateTime);
                return await parts.Audit.AppendAsync(tx, new AuditRecord("signer", next.ToString(), approved.RequestId, traceId, audited), token).ConfigureAwait(false);
            },
            ct: ct).ConfigureAwait(false);
        Narration.Line($"firestore: transactions/{approved.RequestId} = {next} (raw transaction recorded before sending); audit #{entry.Sequence} {entry.Hash}");
        return signed;
    }

    private async Task RecordConfirmedAsync(TransactionApproved approved, string txHash, Custody.Chain.TransactionReceipt receipt, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var traceId = TransactionDocument.TraceId;
        var block = receipt.BlockNumber.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["txHash"] = txHash,
            ["blockNumber"] = block,
            ["blockHash"] = receipt.BlockHash.ToString(),
            ["gasUsed"] = receipt.GasUsed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["walletId"] = approved.Request.WalletId,
        };
        var confirmed = new TransactionConfirmed(approved.RequestId, txHash, block, receipt.BlockHash.ToString(), 1, now);
        var path = TransactionDocument.PathOf(approved.RequestId);
        var entry = await parts.Database.RunTransactionAsync(
            async (tx, token) =>
            {
                if (!await tx.TryMarkProcessedAsync(approved.RequestId, Stage, now, token).ConfigureAwait(false))
                {
                    return null;
                }

                var current = await tx.GetAsync(path, RawFields.Mapper, token).ConfigureAwait(false)
                    ?? throw new DemoException($"transactions/{approved.RequestId} does not exist.");
                var from = Enum.Parse<TransactionState>(current.Value.GetString("state"));
                var state = TransactionLifecycle.Transition(TransactionLifecycle.Transition(from, TransactionState.Broadcast), TransactionState.Confirmed);
                tx.Update(path, TransactionDocument.Fields(approved.RequestId, state, details), RawFields.Mapper, current.UpdateTime);
                var audited = await parts.Audit.AppendAsync(tx, new AuditRecord("broadcaster", state.ToString(), approved.RequestId, traceId, details), token).ConfigureAwait(false);
                await parts.Outbox.AddAsync(tx, DemoEvents.ConfirmedTopic, EventEnvelope.Create(confirmed, DemoEvents.Confirmed, DemoParts.Source, approved.Request.WalletId), token).ConfigureAwait(false);
                return audited;
            },
            ct: ct).ConfigureAwait(false);
        if (entry is null)
        {
            Narration.Line($"signing handler: {approved.RequestId} was confirmed by another delivery");
            return;
        }

        Narration.Line($"firestore: transactions/{approved.RequestId} = Confirmed; audit #{entry.Sequence} {entry.Hash}; transaction-confirmed in the outbox");
        parts.Relay?.Wake();
    }
}
