using System.Diagnostics;
using Custody.Contracts.Events;
using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Policy.State;

namespace Custody.Policy.Decisions;

/// <summary>
/// How every state change of the policy service commits: the new <c>transactions/{requestId}</c> document, its
/// audit entries and its outgoing event in ONE Firestore transaction (ARCHITECTURE.md "Event flow"), then the
/// event is published right after the commit (<see cref="OutboxRelay.PublishCommittedAsync"/>), the relay being
/// the safety net.
/// </summary>
public sealed class StateChange(FirestoreDatabase database, AuditLog audit, OutboxWriter outbox, OutboxRelay relay)
{
    public const string Actor = "policy";

    public FirestoreDatabase Database => database;

    /// <summary>Buffers the record, an audit entry per <paramref name="records"/> and the event (if any) in <paramref name="tx"/>.</summary>
    public async Task<OutboxEntry?> WriteAsync(
        FirestoreTransaction tx, PolicyRecord record, DocumentVersion? expected, IEnumerable<AuditRecord> records, object? outgoing, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(tx);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(records);
        if (expected is { } version)
        {
            tx.Update(TransactionStore.PathOf(record.RequestId), record, PolicyRecordMapper.Instance, version);
        }
        else
        {
            tx.Set(TransactionStore.PathOf(record.RequestId), record, PolicyRecordMapper.Instance);
        }

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
        new(actor, action, requestId, Activity.Current?.TraceId.ToString() ?? "", details);
}
