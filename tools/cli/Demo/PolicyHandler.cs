using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Domain.Policies;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;

namespace Custody.Cli.Demo;

/// <summary>
/// The policy service's handler of transaction-requested: decides (PolicyStep), then in ONE Firestore transaction marks
/// the request processed, writes transactions/{requestId}, appends the audit entry and, when approved, puts
/// transaction-approved in the outbox; the relay publishes it after the commit.
/// </summary>
internal sealed class PolicyHandler(DemoParts parts) : IEventHandler<TransactionRequested>
{
    private const string Stage = "policy";

    public async Task HandleAsync(EventContext<TransactionRequested> context, CancellationToken ct)
    {
        var request = context.Event;
        try
        {
            Narration.Line($"policy handler: {context.Type} {request.RequestId} (ce-id {context.EventId}, delivery {context.DeliveryAttempt}, trace {TransactionDocument.TraceId})");
            var now = DateTimeOffset.UtcNow;
            var outcome = PolicyStep.Decide(parts.Desk, request, now);
            var blocked = outcome.Decision.Kind == PolicyDecisionKind.Block;
            var state = blocked ? TransactionState.Blocked : TransactionState.Approved;
            var details = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["decision"] = outcome.Decision.Kind.ToWire(),
                ["ruleId"] = outcome.Decision.RuleId ?? "none",
                ["policyId"] = outcome.Decision.PolicyId.ToString(),
                ["intentHash"] = outcome.Intent.Hash.ToString(),
                ["walletId"] = request.WalletId,
            };
            var traceId = TransactionDocument.TraceId;
            var entry = await parts.Database.RunTransactionAsync(
                async (tx, token) =>
                {
                    if (!await tx.TryMarkProcessedAsync(request.RequestId, Stage, now, token).ConfigureAwait(false))
                    {
                        return null;
                    }

                    tx.Set(TransactionDocument.PathOf(request.RequestId), TransactionDocument.Fields(request.RequestId, state, details), RawFields.Mapper);
                    var audited = await parts.Audit.AppendAsync(tx, new AuditRecord("policy", state.ToString(), request.RequestId, traceId, details), token).ConfigureAwait(false);
                    if (outcome.Evidence is { } evidence)
                    {
                        var approved = new TransactionApproved(request.RequestId, request, outcome.Intent.Hash.ToString(), evidence, now);
                        await parts.Outbox.AddAsync(tx, DemoEvents.ApprovedTopic, EventEnvelope.Create(approved, DemoEvents.Approved, DemoParts.Source, request.WalletId), token).ConfigureAwait(false);
                    }

                    return audited;
                },
                ct: ct).ConfigureAwait(false);
            if (entry is null)
            {
                Narration.Line($"policy handler: {request.RequestId} was already processed (duplicate delivery ignored)");
                return;
            }

            Narration.Line($"firestore: transactions/{request.RequestId} = {state}; audit #{entry.Sequence} {entry.Hash}{(blocked ? "" : "; transaction-approved in the outbox")}");
            if (blocked)
            {
                parts.Outcomes.Complete(request.RequestId, "BLOCK");
            }
            else
            {
                parts.Relay?.Wake();
            }
        }
        catch (Exception e) when (e is DemoException)
        {
            parts.Outcomes.Fail(request.RequestId, e);
            throw;
        }
    }
}
