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
