using System.Diagnostics;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Intake.Requests;

/// <summary>
/// One path for both entry points (Pub/Sub and HTTP; docs/intake.md): validate, then in one Firestore transaction
/// create <c>transactions/{requestId}</c> if absent (Validated or Rejected) together with its outbox event; publish
/// the event right after the commit (the relay re-drives it if that fails). A request id already used returns the
/// original outcome for the same body and owner, a conflict otherwise.
/// </summary>
public sealed partial class IntakeProcessor(
    TransactionStore store,
    RequestValidator validator,
    OutboxWriter outbox,
    OutboxRelay relay,
    IOptions<MessagingOptions> messaging,
    TimeProvider time,
    ILogger<IntakeProcessor> logger)
{
    public const string Stage = "intake";

    /// <param name="owner">The HTTP caller (token owner claim); null for Pub/Sub.</param>
    public async Task<IntakeOutcome> SubmitAsync(TransactionRequested request, string? owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var validation = await validator.ValidateAsync(request, ct).ConfigureAwait(false);
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMicrosecond)); // Firestore's precision: the response equals what a read returns
        var record = NewRecord(request, owner, validation, now);
        var (existing, entry) = await store.Database.RunTransactionAsync(async (tx, token) =>
        {
            var found = await store.CreateIfAbsentAsync(tx, record, token).ConfigureAwait(false);
            return found is null ? (null, await AddOutcomeEventAsync(tx, record, token).ConfigureAwait(false)) : (found.Value, (OutboxEntry?)null);
        }, ct: ct).ConfigureAwait(false);

        if (entry is not null)
        {
            await PublishNowAsync(entry, ct).ConfigureAwait(false);
            IntakeTelemetry.Count(record.State == TransactionState.Validated ? "accepted" : "rejected", owner is null ? "pubsub" : "http");
            LogRecorded(record.RequestId, record.WalletId, record.State.ToString(), record.Reasons.Count, record.TraceId);
            return new IntakeOutcome(record.State == TransactionState.Validated ? IntakeOutcomeKind.Accepted : IntakeOutcomeKind.Rejected, record, IsDuplicate: false);
        }

        var original = existing!;
        if (original.BodyHash != record.BodyHash || original.Owner != owner)
        {
            IntakeTelemetry.Count("conflict", owner is null ? "pubsub" : "http");
            LogConflict(record.RequestId, record.TraceId);
            return new IntakeOutcome(IntakeOutcomeKind.Conflict, original, IsDuplicate: false);
        }

        IntakeTelemetry.Count("duplicate", owner is null ? "pubsub" : "http");
        return new IntakeOutcome(original.State == TransactionState.Rejected ? IntakeOutcomeKind.Rejected : IntakeOutcomeKind.Accepted, original, IsDuplicate: true);
    }

    /// <summary>
    /// Publishes transaction-rejected for a Pub/Sub request that reused a request id with another body, once per
    /// (request id, body): the stored request is not touched.
    /// </summary>
    public async Task RejectConflictAsync(TransactionRequested request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bodyHash = RequestFingerprint.Compute(request);
        var reason = new RejectionReason("$.requestId", RejectionCodes.DuplicateRequestId, "was already used for a different request (another body or another caller)");
        var entry = await store.Database.RunTransactionAsync(async (tx, token) =>
        {
            // Stage names the body, so a redelivery of this message publishes nothing more, while another body does.
            if (!await tx.TryMarkProcessedAsync(request.RequestId, "intake-conflict-" + bodyHash[2..], time.GetUtcNow(), token).ConfigureAwait(false))
            {
                return null;
            }

            var rejected = new TransactionRejected(request.RequestId, Stage, [reason.ToString()], null, null, time.GetUtcNow(), [reason]);
            return await outbox.AddAsync(tx, IntakeTopology.RejectedTopic, EventEnvelope.Create(rejected, IntakeTopology.Rejected, messaging.Value.Source, null), token).ConfigureAwait(false);
        }, ct: ct).ConfigureAwait(false);
        if (entry is not null)
        {
            await PublishNowAsync(entry, ct).ConfigureAwait(false);
        }
    }

    private static TransactionRecord NewRecord(TransactionRequested request, string? owner, RequestValidator.Result validation, DateTimeOffset now) => new()
    {
        RequestId = request.RequestId,
        BodyHash = RequestFingerprint.Compute(request),
        State = TransactionLifecycle.Transition(TransactionState.Requested, validation.IsValid ? TransactionState.Validated : TransactionState.Rejected),
        WalletId = request.WalletId,
        Request = request,
        Owner = owner,
        IntentHash = validation.Intent?.Hash.ToString(),
        Reasons = validation.Reasons,
        CreatedAt = now,
        UpdatedAt = now,
        TraceId = Activity.Current?.TraceId.ToHexString() ?? "none",
    };

    private Task<OutboxEntry> AddOutcomeEventAsync(FirestoreTransaction tx, TransactionRecord record, CancellationToken ct)
    {
        var source = messaging.Value.Source;
        var message = record.State == TransactionState.Validated
            ? EventEnvelope.Create(new TransactionValidated(record.RequestId, record.Request, record.IntentHash!, record.UpdatedAt), IntakeTopology.Validated, source, null)
            : EventEnvelope.Create(
                new TransactionRejected(record.RequestId, Stage, [.. record.Reasons.Select(r => r.ToString())], null, null, record.UpdatedAt, record.Reasons),
                IntakeTopology.Rejected, source, null);
        return outbox.AddAsync(tx, record.State == TransactionState.Validated ? IntakeTopology.ValidatedTopic : IntakeTopology.RejectedTopic, message, ct);
    }

    // Right after the commit; a failure here loses nothing: the entry stays unpublished and the relay re-drives it.
    private async Task PublishNowAsync(OutboxEntry entry, CancellationToken ct)
    {
        try
        {
            await relay.PublishCommittedAsync([entry], ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishDeferred(entry.Id, ex.GetType().Name);
            relay.Wake();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId} of wallet {WalletId} recorded as {State} ({ReasonCount} reasons), trace {TraceId}.")]
    private partial void LogRecorded(string requestId, string walletId, string state, int reasonCount, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request id {RequestId} was reused with a different body or by another caller; refused, trace {TraceId}.")]
    private partial void LogConflict(string requestId, string traceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox entry {EntryId} right after commit failed ({ErrorType}); the relay will publish it.")]
    private partial void LogPublishDeferred(string entryId, string errorType);
}
