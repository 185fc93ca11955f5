using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Policy.Policies;
using Custody.Policy.State;
using Custody.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// Consumes transaction-validated: re-derives the intent from the request intake stored (the event's and the
/// record's intent hash must both match it), evaluates the policy with the wallet's velocity history read in the
/// same transaction, and commits record, audit entry and outgoing event together. Every document the transaction reads
/// (record, processed marker, wallet gate, audit chain head) is fetched in one round trip first. Idempotent: the processed marker
/// (requestId, "policy") and the Validated guard make a redelivery a no-op. An event without its stored request,
/// or whose hash differs, throws (nacked, then dead-lettered by Pub/Sub) and changes nothing.
/// </summary>
public sealed partial class ValidatedHandler(LoadedPolicies policies, StateChange change, TransactionStore store, TimeProvider time, ILogger<ValidatedHandler> logger)
    : IEventHandler<TransactionValidated>
{
    private const string Stage = "policy";

    public async Task HandleAsync(EventContext<TransactionValidated> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validated = context.Event;
        var policy = policies.Current.Policy;
        var result = await change.Database.RunTransactionAsync(async (tx, token) =>
        {
            var now = time.GetUtcNow();
            await tx.PrefetchAsync(
                [TransactionStore.PathOf(validated.RequestId), ProcessedMarkers.PathFor(validated.RequestId, Stage),
                 PolicyQueries.WalletGatePath(validated.Request.WalletId), change.AuditHeadPathFor(validated.RequestId)], token).ConfigureAwait(false);
            var current = await store.GetAsync(tx, validated.RequestId, token).ConfigureAwait(false)
                ?? throw new InvalidDataException($"transaction-validated {validated.RequestId}: intake has stored no such request.");
            var intent = TransactionIntent.Create(current.Value.Request);
            if (intent.Hash.ToString() != validated.IntentHash || current.Value.IntentHash != validated.IntentHash)
            {
                throw new InvalidDataException($"transaction-validated {validated.RequestId}: the event's intent hash is not the stored request's.");
            }

            if (current.Value.State != TransactionState.Validated || !await tx.TryMarkProcessedAsync(validated.RequestId, Stage, now, token).ConfigureAwait(false))
            {
                return null;
            }

            await PolicyQueries.EnterWalletAsync(tx, current.Value.WalletId, now, token).ConfigureAwait(false);
            var history = await PolicyQueries.VelocityHistoryAsync(change.Database, current.Value.WalletId, token).ConfigureAwait(false);
            var outcome = PolicyDecider.Decide(current.Value, intent, policy, history, now);
            var next = outcome.Next;
            var audit = StateChange.Audit(StateChange.Actor, next.State.ToString(), next.RequestId, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["decision"] = next.Decision!,
                ["ruleId"] = next.RuleId ?? "none",
                ["policyId"] = next.PolicyId!,
                ["intentHash"] = next.IntentHash!,
                ["walletId"] = next.WalletId,
                ["deadline"] = next.Deadline?.ToString("O") ?? "none",
            });
            var entry = await change.WriteAsync(tx, current, next, [audit], outcome.Event, token).ConfigureAwait(false);
            return new { Record = next, Entry = entry };
        }, ct: ct).ConfigureAwait(false);

        if (result is null)
        {
            LogDuplicate(validated.RequestId);
            return;
        }

        LogDecided(validated.RequestId, result.Record.Decision!, result.Record.RuleId ?? "none", result.Record.PolicyId!);
        await change.PublishAsync(result.Entry, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Decision} by rule {RuleId} under policy {PolicyId}.")]
    private partial void LogDecided(string requestId, string decision, string ruleId, string policyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} was already decided; duplicate delivery acknowledged.")]
    private partial void LogDuplicate(string requestId);
}
