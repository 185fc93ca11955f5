using System.Diagnostics;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// How every state change of the policy service commits: the updated <c>transactions/{requestId}</c> (libs/state),
/// its audit entries and its outgoing event in ONE Firestore transaction (docs/architecture.md "Event flow"); the event
/// is published right after the commit (<see cref="OutboxRelay.PublishCommittedAsync"/>), the relay being the
/// safety net.
/// </summary>
public sealed class StateChange(FirestoreDatabase database, AuditLog audit, OutboxWriter outbox, OutboxRelay relay)
{
    public const string Actor = "policy";

    public FirestoreDatabase Database => database;

    /// <summary>The audit chain head a change of <paramref name="requestId"/> appends to.</summary>
    public DocumentPath AuditHeadPathFor(string requestId) => audit.HeadPathFor(requestId);

    /// <summary>
    /// Buffers <paramref name="next"/> in place of <paramref name="current"/> (only if the document is unchanged
    /// since it was read; a state change must be one the lifecycle allows), the audit entries and the event.
    /// </summary>
    public async Task<OutboxEntry?> WriteAsync(
        FirestoreTransaction tx, DocumentSnapshot<TransactionRecord> current, TransactionRecord next, IEnumerable<AuditRecord> records, object? outgoing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(records);
        TransactionStore.Replace(tx, current, next with { TraceId = TraceId });
        foreach (var entry in records)
        {
            await audit.AppendAsync(tx, entry, ct).ConfigureAwait(false);
        }

        return outgoing switch
        {
            null => null,
            TransactionApproved approved => await outbox.AddAsync(tx, PolicyEvents.ApprovedTopic, EventEnvelope.Create(approved, PolicyEvents.Approved, PolicyEvents.Source, null), ct).ConfigureAwait(false),
            TransactionRejected rejected => await outbox.AddAsync(tx, PolicyEvents.RejectedTopic, EventEnvelope.Create(rejected, PolicyEvents.Rejected, PolicyEvents.Source, null), ct).ConfigureAwait(false),
            TransactionExpired expired => await outbox.AddAsync(tx, PolicyEvents.ExpiredTopic, EventEnvelope.Create(expired, PolicyEvents.Expired, PolicyEvents.Source, null), ct).ConfigureAwait(false),
            _ => throw new ArgumentException($"The policy service does not publish {outgoing.GetType().Name}.", nameof(outgoing)),
        };
    }

    /// <summary>Publishes what a committed change put in the outbox (call after the commit).</summary>
    public Task PublishAsync(OutboxEntry? entry, CancellationToken ct) =>
        entry is null ? Task.CompletedTask : relay.PublishCommittedAsync([entry], ct);

    /// <summary>An audit entry by <paramref name="actor"/> under the current trace.</summary>
    public static AuditRecord Audit(string actor, string action, string requestId, IReadOnlyDictionary<string, string> details) =>
        new(actor, action, requestId, TraceId, details);

    private static string TraceId => Activity.Current?.TraceId.ToString() ?? "";
}
