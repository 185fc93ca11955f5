using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Policy.Policies;
using Custody.Policy.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// Consumes transaction-validated: re-derives the intent (the event's hash must match it), evaluates the policy
/// with the wallet's velocity history read in the same transaction, and commits record, audit entry and outgoing
/// event together. Idempotent: the processed marker (requestId, "policy") and the record's state make a
/// redelivery a no-op. A request whose intent cannot be derived or whose hash differs is poison (dead-lettered).
/// </summary>
public sealed partial class ValidatedHandler(LoadedPolicies policies, StateChange change, TimeProvider time, ILogger<ValidatedHandler> logger)
    : IEventHandler<TransactionValidated>
{
    private const string Stage = "policy";

    public async Task HandleAsync(EventContext<TransactionValidated> context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var validated = context.Event;
        var request = validated.Request;
        if (!TransactionIntent.TryCreate(request, out var intent, out var errors))
        {
            throw new InvalidDataException($"transaction-validated {validated.RequestId}: the request has no valid intent ({string.Join("; ", errors)}).");
        }

        if (!string.Equals(intent!.Hash.ToString(), validated.IntentHash, StringComparison.Ordinal) || validated.RequestId != request.RequestId)
        {
            throw new InvalidDataException($"transaction-validated {validated.RequestId}: the event's intent hash or request id does not match its request.");
        }

        var policy = policies.Current.Policy;
        var result = await change.Database.RunTransactionAsync(async (tx, token) =>
        {
            var now = time.GetUtcNow();
            if (!await tx.TryMarkProcessedAsync(request.RequestId, Stage, now, token).ConfigureAwait(false))
            {
                return null;
            }

            var existing = await tx.GetAsync(TransactionStore.PathOf(request.RequestId), RawFields.Mapper, token).ConfigureAwait(false);
            if (existing?.Value.GetOptionalString("state") is { } state && state != nameof(TransactionState.Validated))
            {
                return null;
            }

            await TransactionStore.EnterWalletAsync(tx, request.WalletId, now, token).ConfigureAwait(false);
            var history = await TransactionStore.VelocityHistoryAsync(tx, request.WalletId, token).ConfigureAwait(false);
            var outcome = PolicyDecider.Decide(request, intent, policy, history, now);
            var audit = StateChange.Audit(StateChange.Actor, outcome.Record.State.ToString(), request.RequestId, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["decision"] = outcome.Record.Decision,
                ["ruleId"] = outcome.Record.RuleId ?? "none",
                ["policyId"] = outcome.Record.PolicyId,
                ["intentHash"] = outcome.Record.IntentHash,
                ["walletId"] = request.WalletId,
                ["deadline"] = outcome.Record.Deadline?.ToString("O") ?? "none",
            });
            var entry = await change.WriteAsync(tx, outcome.Record, null, [audit], outcome.Event, token).ConfigureAwait(false);
            return new { outcome.Record, Entry = entry };
        }, ct: ct).ConfigureAwait(false);

        if (result is null)
        {
            LogDuplicate(request.RequestId);
            return;
        }

        LogDecided(request.RequestId, result.Record.Decision, result.Record.RuleId ?? "none", result.Record.PolicyId);
        await change.PublishAsync(result.Entry, ct).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: {Decision} by rule {RuleId} under policy {PolicyId}.")]
    private partial void LogDecided(string requestId, string decision, string ruleId, string policyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} was already decided; duplicate delivery acknowledged.")]
    private partial void LogDuplicate(string requestId);
}
