using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;

namespace Custody.Cli.Demo;

/// <summary>
/// The signer's and broadcaster's handler of transaction-approved: sign with the co-signer and broadcast
/// (SigningStep), then in ONE Firestore transaction record the receipt, the audit entries and transaction-confirmed
/// in the outbox.
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
                Narration.Line($"signing handler: {approved.RequestId} was already signed (duplicate delivery ignored)");
                return;
            }

            Narration.Line($"signing handler: {context.Type} {approved.RequestId} (ce-id {context.EventId}, delivery {context.DeliveryAttempt}, trace {TransactionDocument.TraceId})");
            var intent = TransactionIntent.Create(approved.Request);
            if (intent.Hash.ToString() != approved.IntentHash)
            {
                throw new DemoException($"{approved.RequestId}: the approved intent hash {approved.IntentHash} is not the request's {intent.Hash}.");
            }

            var (signed, receipt) = await SigningStep.RunAsync(parts, intent, approved.Evidence, ct).ConfigureAwait(false);
            await RecordAsync(approved, signed.Hash.ToString(), receipt, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DemoException)
        {
            parts.Outcomes.Fail(approved.RequestId, e);
            throw;
        }
    }

    private async Task RecordAsync(TransactionApproved approved, string txHash, Ethereum.Rpc.TransactionReceipt receipt, CancellationToken ct)
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
        var entries = await parts.Database.RunTransactionAsync(
            async (tx, token) =>
            {
                if (!await tx.TryMarkProcessedAsync(approved.RequestId, Stage, now, token).ConfigureAwait(false))
                {
                    return [];
                }

                var current = await tx.GetAsync(path, RawFields.Mapper, token).ConfigureAwait(false)
                    ?? throw new DemoException($"transactions/{approved.RequestId} does not exist.");
                var from = Enum.Parse<TransactionState>(current.Value.GetString("state"));
                var state = new[] { TransactionState.Signing, TransactionState.Signed, TransactionState.Broadcast, TransactionState.Confirmed }
                    .Aggregate(from, TransactionLifecycle.Transition);
                tx.Update(path, TransactionDocument.Fields(approved.RequestId, state, details), RawFields.Mapper, current.UpdateTime);
                var signedEntry = await parts.Audit.AppendAsync(tx, new AuditRecord("signer", nameof(TransactionState.Signed), approved.RequestId, traceId, details), token).ConfigureAwait(false);
                var confirmedEntry = await parts.Audit.AppendAsync(tx, new AuditRecord("broadcaster", nameof(TransactionState.Confirmed), approved.RequestId, traceId, details), token).ConfigureAwait(false);
                await parts.Outbox.AddAsync(tx, DemoEvents.ConfirmedTopic, EventEnvelope.Create(confirmed, DemoEvents.Confirmed, DemoParts.Source, approved.Request.WalletId), token).ConfigureAwait(false);
                return new[] { signedEntry, confirmedEntry };
            },
            ct: ct).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            Narration.Line($"firestore: audit #{entry.Sequence} {entry.Record.Actor} {entry.Record.Action} {entry.Hash}");
        }

        Narration.Line($"firestore: transactions/{approved.RequestId} = Confirmed; transaction-confirmed in the outbox");
        parts.Relay?.Wake();
    }
}
