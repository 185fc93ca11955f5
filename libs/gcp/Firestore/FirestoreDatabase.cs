using Custody.Gcp.Channels;
using Google.Protobuf;
using Grpc.Core;

namespace Custody.Gcp.Firestore;

/// <summary>
/// Custody's document layer over Firestore's gRPC API: typed reads (get, batch get, queries with cursors),
/// conditional writes (create with exists=false, update with an update_time precondition, delete) and
/// read-write transactions that re-run the caller's delegate on ABORTED with bounded, jittered backoff.
/// One instance per process (it shares the channel of <see cref="GoogleChannelFactory"/>).
/// </summary>
public sealed class FirestoreDatabase
{
    private readonly FirestoreRpc _rpc;
    private readonly DocumentGates _gates = new();

    public FirestoreDatabase(GoogleChannelFactory channels) => _rpc = new FirestoreRpc(channels);

    /// <summary><c>projects/{project}/databases/{database}</c>.</summary>
    public string DatabasePath => _rpc.DatabasePath;

    public async Task<DocumentSnapshot<T>?> GetAsync<T>(DocumentPath path, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        (await _rpc.BatchGetAsync([path], mapper, null, ct).ConfigureAwait(false))[0];

    /// <summary>Reads several documents in one BatchGetDocuments stream; results in request order, null where missing.</summary>
    public Task<IReadOnlyList<DocumentSnapshot<T>?>> GetAllAsync<T>(IReadOnlyList<DocumentPath> paths, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        _rpc.BatchGetAsync(paths, mapper, null, ct);

    public Task<IReadOnlyList<DocumentSnapshot<T>>> QueryAsync<T>(DocumentQuery query, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        _rpc.RunQueryAsync(query, mapper, null, ct);

    /// <summary>Creates the document; throws <see cref="DocumentAlreadyExistsException"/> if it exists.</summary>
    public Task<DocumentVersion> CreateAsync<T>(DocumentPath path, T value, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        CommitOneAsync(PendingWrite.Create(_rpc, path, Fields(value, mapper)), ct);

    /// <summary>Creates or replaces the document.</summary>
    public Task<DocumentVersion> SetAsync<T>(DocumentPath path, T value, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        CommitOneAsync(PendingWrite.Set(_rpc, path, Fields(value, mapper)), ct);

    /// <summary>
    /// Replaces an existing document. With <paramref name="expected"/> (the snapshot's update time) the write
    /// is refused with <see cref="DocumentChangedException"/> when someone else wrote in between; without it,
    /// <see cref="DocumentNotFoundException"/> when the document does not exist.
    /// </summary>
    public Task<DocumentVersion> UpdateAsync<T>(DocumentPath path, T value, IDocumentMapper<T> mapper, DocumentVersion? expected, CancellationToken ct = default) =>
        CommitOneAsync(PendingWrite.Update(_rpc, path, Fields(value, mapper), expected, onlyFields: false), ct);

    /// <summary>Sets only the given top-level fields of an existing document (same preconditions as <see cref="UpdateAsync{T}"/>).</summary>
    public Task<DocumentVersion> PatchAsync(DocumentPath path, FieldMap fields, DocumentVersion? expected = null, CancellationToken ct = default) =>
        CommitOneAsync(PendingWrite.Update(_rpc, path, fields, expected, onlyFields: true), ct);

    /// <summary>Deletes the document (a no-op if absent); with <paramref name="expected"/>, only if unchanged.</summary>
    public Task DeleteAsync(DocumentPath path, DocumentVersion? expected = null, CancellationToken ct = default) =>
        CommitOneAsync(PendingWrite.Delete(_rpc, path, expected), ct);

    /// <summary>
    /// Runs <paramref name="body"/> in a read-write transaction and commits its buffered writes atomically.
    /// On ABORTED (contention, or the emulator's lock timeout) from any read or from the commit, the
    /// transaction is rolled back and the delegate re-run in a new transaction (marked as a retry of the
    /// previous one, so Firestore keeps its lock priority), up to <see cref="TransactionRetryPolicy.MaxAttempts"/>
    /// times, then <see cref="TransactionContentionException"/>. Any other error rolls back and propagates.
    /// Transactions of this process that read the same document queue in-process first (DocumentGates,
    /// <see cref="TransactionRetryPolicy.LocalGateWait"/>), so that mostly cross-process contention aborts.
    /// The delegate must therefore be free of side effects outside the transaction.
    /// </summary>
    public async Task<TResult> RunTransactionAsync<TResult>(Func<FirestoreTransaction, CancellationToken, Task<TResult>> body, TransactionRetryPolicy? policy = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        policy ??= TransactionRetryPolicy.Default;
        ByteString? previous = null;
        for (var attempt = 1; ; attempt++)
        {
            var id = await _rpc.BeginTransactionAsync(previous, ct).ConfigureAwait(false);
            using var transaction = new FirestoreTransaction(_rpc, id, attempt, _gates, policy.LocalGateWait ?? TransactionRetryPolicy.DefaultLocalGateWait);
            try
            {
                var result = await body(transaction, ct).ConfigureAwait(false);
                await _rpc.CommitAsync(transaction.Writes, id, ct).ConfigureAwait(false);
                transaction.Committed();
                return result;
            }
            catch (RpcException ex) when (IsContention(ex))
            {
                await RollbackQuietlyAsync(id).ConfigureAwait(false);
                transaction.Dispose(); // let this process's other transactions in while this one backs off
                if (attempt >= policy.MaxAttempts)
                {
                    throw new TransactionContentionException($"The transaction was aborted by contention {attempt} times.", ex) { Attempts = attempt };
                }

                previous = id;
                await Task.Delay(policy.Backoff.Delay(attempt - 1), ct).ConfigureAwait(false);
            }
            catch
            {
                await RollbackQuietlyAsync(id).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>
    /// An optimistic read-modify-write of a few documents, without a read-write transaction: reads
    /// <paramref name="paths"/> (strongly consistent, no locks), lets <paramref name="decide"/> choose the writes
    /// (<see cref="OptimisticWrites"/>: each conditioned on the version read) and commits them as one atomic batch.
    /// When another writer changed one of them in between, the commit's precondition fails and the attempt is re-run
    /// from the read, with <see cref="TransactionRetryPolicy"/>'s backoff, then <see cref="TransactionContentionException"/>.
    /// Serializable when every document read is also written (enforced: a decision that writes must write the whole
    /// read set; one that writes nothing commits nothing). No locks are held across round trips, so two writers can
    /// never wait on each other: unlike read-write transactions on the emulator, which deadlock until its lock timeout
    /// when two of them read the same document and then both commit. Callers of this process queue per document
    /// (DocumentGates), so only cross-process races retry. <paramref name="decide"/> must be free of side effects.
    /// </summary>
    public async Task<TResult> RunOptimisticAsync<TResult>(IReadOnlyList<DocumentPath> paths, Func<IReadOnlyList<DocumentSnapshot<FieldMap>?>, OptimisticWrites, TResult> decide, TransactionRetryPolicy? policy = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(decide);
        ArgumentOutOfRangeException.ThrowIfZero(paths.Count);
        policy ??= TransactionRetryPolicy.Default;
        var leases = new List<IDisposable?>();
        try
        {
            foreach (var name in paths.Select(_rpc.NameOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                leases.Add(await _gates.TryEnterAsync(name, policy.LocalGateWait ?? TransactionRetryPolicy.DefaultLocalGateWait, ct).ConfigureAwait(false));
            }

            for (var attempt = 1; ; attempt++)
            {
                var snapshots = await _rpc.BatchGetAsync(paths, RawFields.Mapper, null, ct).ConfigureAwait(false);
                var writes = new OptimisticWrites(_rpc, paths, snapshots);
                var result = decide(snapshots, writes);
                if (writes.Count == 0)
                {
                    return result;
                }

                if (!writes.CoversEveryRead)
                {
                    throw new InvalidOperationException("An optimistic update that writes must write every document it read: a document read and left unwritten would not be checked at commit.");
                }

                try
                {
                    await _rpc.CommitAsync(writes.Pending, null, ct).ConfigureAwait(false);
                    return result;
                }
                catch (Exception ex) when (ex is DocumentAlreadyExistsException or DocumentChangedException or DocumentNotFoundException)
                {
                    if (attempt >= policy.MaxAttempts)
                    {
                        throw new TransactionContentionException($"The optimistic update lost to a concurrent writer {attempt} times.", ex) { Attempts = attempt };
                    }

                    await Task.Delay(policy.Backoff.Delay(attempt - 1), ct).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            foreach (var lease in leases)
            {
                lease?.Dispose();
            }
        }
    }

    /// <summary>A transaction without a result.</summary>
    public Task RunTransactionAsync(Func<FirestoreTransaction, CancellationToken, Task> body, TransactionRetryPolicy? policy = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        return RunTransactionAsync<bool>(async (tx, token) =>
        {
            await body(tx, token).ConfigureAwait(false);
            return true;
        }, policy, ct);
    }

    // ABORTED is Firestore's "retry the whole transaction" signal (contention, and the emulator's lock timeout).
    private static bool IsContention(RpcException error) => error.StatusCode == StatusCode.Aborted;

    private async Task<DocumentVersion> CommitOneAsync(PendingWrite write, CancellationToken ct) =>
        (await _rpc.CommitAsync([write], null, ct).ConfigureAwait(false))[0];

    private async Task RollbackQuietlyAsync(ByteString id)
    {
        try
        {
            await _rpc.RollbackAsync(id).ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The transaction may already be gone (aborted or expired); its locks are released either way.
        }
        catch (OperationCanceledException)
        {
            // Rollback is best effort: an unfinished transaction expires on the server.
        }
    }

    private static FieldMap Fields<T>(T value, IDocumentMapper<T> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return mapper.ToFields(value);
    }
}
