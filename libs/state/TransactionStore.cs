using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;

namespace Custody.State;

/// <summary>
/// Reads and writes <c>transactions/{requestId}</c> (docs/state.md, "transactions"). Writes happen inside the
/// caller's Firestore transaction, so that the state change commits together with its outbox events, processed
/// markers and audit entries; every state change is checked with <see cref="TransactionLifecycle"/> and is
/// conditional on the state read in the same transaction.
/// </summary>
public sealed class TransactionStore(FirestoreDatabase database)
{
    public const string Collection = "transactions";

    private readonly FirestoreDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public FirestoreDatabase Database => _database;

    /// <summary>The document of <paramref name="requestId"/> (throws for ids Firestore cannot name).</summary>
    public static DocumentPath PathOf(string requestId) => DocumentPath.Of(Collection, requestId);

    /// <summary>True when <paramref name="requestId"/> can name a document (no '/', no control characters, not "." or "..", at most 1,500 bytes).</summary>
    public static bool IsStorableId(string? requestId)
    {
        if (string.IsNullOrEmpty(requestId))
        {
            return false;
        }

        try
        {
            DocumentPath.ValidateSegment(requestId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public Task<DocumentSnapshot<TransactionRecord>?> GetAsync(string requestId, CancellationToken ct = default) =>
        _database.GetAsync(PathOf(requestId), TransactionRecordMapper.Instance, ct);

    public Task<DocumentSnapshot<TransactionRecord>?> GetAsync(FirestoreTransaction transaction, string requestId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.GetAsync(PathOf(requestId), TransactionRecordMapper.Instance, ct);
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>: returns the existing document of the record's request id, or buffers
    /// the creation of <paramref name="record"/> (with exists=false, so a racing creator's commit fails) and returns null.
    /// </summary>
    public async Task<DocumentSnapshot<TransactionRecord>?> CreateIfAbsentAsync(FirestoreTransaction transaction, TransactionRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        var existing = await GetAsync(transaction, record.RequestId, ct).ConfigureAwait(false);
        if (existing is null)
        {
            transaction.Create(PathOf(record.RequestId), record, TransactionRecordMapper.Instance);
            transaction.AfterCommit(() => RequestMetrics.Created(record.State));
        }

        return existing;
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>: moves the request from <paramref name="from"/> to <paramref name="to"/>
    /// (a transition <see cref="TransactionLifecycle"/> allows, else <see cref="InvalidTransitionException"/>),
    /// applying <paramref name="change"/> to the other members. Returns the new record, or null when the document
    /// is missing or no longer in <paramref name="from"/> (someone else moved it: the caller's guard clause).
    /// The write is conditional on the version read, so a concurrent change fails the commit instead of being lost.
    /// </summary>
    public async Task<TransactionRecord?> TryTransitionAsync(
        FirestoreTransaction transaction, string requestId, TransactionState from, TransactionState to,
        Func<TransactionRecord, TransactionRecord> change, DateTimeOffset now, string traceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(change);
        TransactionLifecycle.Transition(from, to);
        return await ChangeAsync(transaction, requestId, from, to, change, now, traceId, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>: changes members of a request that stays in <paramref name="state"/>
    /// (a fee replacement of a Broadcast request, docs/signing.md "Fee replacements"); null when the document is
    /// missing or no longer in that state. Conditional on the version read, like <see cref="TryTransitionAsync"/>.
    /// </summary>
    public Task<TransactionRecord?> TryUpdateAsync(
        FirestoreTransaction transaction, string requestId, TransactionState state,
        Func<TransactionRecord, TransactionRecord> change, DateTimeOffset now, string traceId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(change);
        return ChangeAsync(transaction, requestId, state, state, change, now, traceId, ct);
    }

    private async Task<TransactionRecord?> ChangeAsync(
        FirestoreTransaction transaction, string requestId, TransactionState from, TransactionState to,
        Func<TransactionRecord, TransactionRecord> change, DateTimeOffset now, string traceId, CancellationToken ct)
    {
        var current = await GetAsync(transaction, requestId, ct).ConfigureAwait(false);
        if (current is null || current.Value.State != from)
        {
            return null;
        }

        var next = change(current.Value) with { State = to, UpdatedAt = now, TraceId = traceId };
        Replace(transaction, current, next);
        return next;
    }

    /// <summary>
    /// Inside <paramref name="transaction"/>: writes <paramref name="next"/> in place of <paramref name="current"/>, only if
    /// the document is unchanged since it was read; a change of state must be one <see cref="TransactionLifecycle"/>
    /// allows, and the request id and body hash never change. A change of state counts in <see cref="RequestMetrics"/>
    /// once committed.
    /// </summary>
    public static void Replace(FirestoreTransaction transaction, DocumentSnapshot<TransactionRecord> current, TransactionRecord next)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        var from = current.Value.State;
        if (next.State != from)
        {
            TransactionLifecycle.Transition(from, next.State);
        }

        if (next.RequestId != current.Value.RequestId || next.BodyHash != current.Value.BodyHash)
        {
            throw new InvalidOperationException("A state change may not alter the request id or the request body hash.");
        }

        transaction.Update(PathOf(next.RequestId), next, TransactionRecordMapper.Instance, current.UpdateTime);
        if (next.State != from)
        {
            var inFrom = next.UpdatedAt - current.Value.UpdatedAt;
            transaction.AfterCommit(() => RequestMetrics.Moved(from, next.State, inFrom));
        }
    }

    /// <summary>Requests in <paramref name="state"/>, oldest first (needs the index state ASC, createdAt ASC in production).</summary>
    public async Task<IReadOnlyList<TransactionRecord>> ListByStateAsync(TransactionState state, int limit, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var query = DocumentQuery.Collection(Collection)
            .Where("state", FilterOperator.Equal, FieldValue.String(state.ToString()))
            .OrderBy("createdAt")
            .Limit(limit);
        var page = await _database.QueryAsync(query, TransactionRecordMapper.Instance, ct).ConfigureAwait(false);
        return page.Select(d => d.Value).ToArray();
    }
}
