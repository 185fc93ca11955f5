using System.Diagnostics;
using Google.Protobuf;

namespace Custody.Gcp.Firestore;

/// <summary>
/// One attempt of a read-write transaction. Reads go to Firestore inside the transaction (they lock what
/// they read and see the committed state, not this transaction's own buffered writes); writes are buffered
/// and committed atomically when the delegate returns. Obtained from <see cref="FirestoreDatabase.RunTransactionAsync{T}"/>.
/// </summary>
public sealed class FirestoreTransaction : IDisposable
{
    private readonly FirestoreRpc _rpc;
    private readonly List<PendingWrite> _writes = [];
    private readonly Dictionary<string, object> _items = new(StringComparer.Ordinal);
    private readonly DocumentGates _gates;
    private readonly TimeSpan _gateWait;
    private readonly Dictionary<string, IDisposable?> _held = new(StringComparer.Ordinal);
    private readonly Dictionary<DocumentPath, DocumentSnapshot<FieldMap>?> _prefetched = [];
    private readonly List<Action> _afterCommit = [];

    internal FirestoreTransaction(FirestoreRpc rpc, ByteString id, int attempt, DocumentGates gates, TimeSpan gateWait)
    {
        _rpc = rpc;
        Id = id;
        Attempt = attempt;
        _gates = gates;
        _gateWait = gateWait;
    }

    /// <summary>1 for the first run of the delegate, 2 after the first ABORTED, and so on.</summary>
    public int Attempt { get; }

    /// <summary>Number of writes buffered so far.</summary>
    public int WriteCount => _writes.Count;

    internal ByteString Id { get; }

    internal IReadOnlyList<PendingWrite> Writes => _writes;

    public async Task<DocumentSnapshot<T>?> GetAsync<T>(DocumentPath path, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        (await GetAllAsync([path], mapper, ct).ConfigureAwait(false))[0];

    public async Task<IReadOnlyList<DocumentSnapshot<T>?>> GetAllAsync<T>(IReadOnlyList<DocumentPath> paths, IDocumentMapper<T> mapper, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(mapper);
        if (paths.Count > 0 && paths.All(_prefetched.ContainsKey))
        {
            return [.. paths.Select(path => _prefetched[path] is { } raw ? new DocumentSnapshot<T>(raw.Path, mapper.FromFields(raw.Value), raw.CreateTime, raw.UpdateTime) : null)];
        }

        await EnterGatesAsync(paths, ct).ConfigureAwait(false);
        return await _rpc.BatchGetAsync(paths, mapper, Id, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads <paramref name="paths"/> in this transaction with ONE BatchGetDocuments call, so that the later
    /// <see cref="GetAsync{T}"/> of each costs no round trip. Same semantics as reading them one by one: the
    /// documents are read (and locked) in this transaction, and a transaction never sees its own buffered writes,
    /// so a cached snapshot is exactly what a second read would return.
    /// </summary>
    public async Task PrefetchAsync(IReadOnlyList<DocumentPath> paths, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var missing = paths.Distinct().Where(path => !_prefetched.ContainsKey(path)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        await EnterGatesAsync(missing, ct).ConfigureAwait(false);
        var snapshots = await _rpc.BatchGetAsync(missing, RawFields.Mapper, Id, ct).ConfigureAwait(false);
        for (var i = 0; i < missing.Length; i++)
        {
            _prefetched[missing[i]] = snapshots[i];
        }
    }

    public Task<IReadOnlyList<DocumentSnapshot<T>>> QueryAsync<T>(DocumentQuery query, IDocumentMapper<T> mapper, CancellationToken ct = default) =>
        _rpc.RunQueryAsync(query, mapper, Id, ct);

    /// <summary>Creates the document; the commit fails with <see cref="DocumentAlreadyExistsException"/> if it exists.</summary>
    public void Create<T>(DocumentPath path, T value, IDocumentMapper<T> mapper) => _writes.Add(PendingWrite.Create(_rpc, path, Map(value, mapper)));

    /// <summary>Creates or replaces the document.</summary>
    public void Set<T>(DocumentPath path, T value, IDocumentMapper<T> mapper) => _writes.Add(PendingWrite.Set(_rpc, path, Map(value, mapper)));

    /// <summary>Replaces an existing document; with <paramref name="expected"/>, only if unchanged since that version.</summary>
    public void Update<T>(DocumentPath path, T value, IDocumentMapper<T> mapper, DocumentVersion? expected = null) =>
        _writes.Add(PendingWrite.Update(_rpc, path, Map(value, mapper), expected, onlyFields: false));

    /// <summary>Sets only the given top-level fields of an existing document.</summary>
    public void Patch(DocumentPath path, FieldMap fields, DocumentVersion? expected = null) =>
        _writes.Add(PendingWrite.Update(_rpc, path, fields, expected, onlyFields: true));

    public void Delete(DocumentPath path, DocumentVersion? expected = null) => _writes.Add(PendingWrite.Delete(_rpc, path, expected));

    /// <summary>
    /// Per-attempt state for helpers that cooperate inside one transaction (e.g. the outbox's sequence
    /// counters): created on first use, discarded when the attempt ends.
    /// </summary>
    public TState Item<TState>(string key, Func<TState> create)
        where TState : class
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!_items.TryGetValue(key, out var state))
        {
            state = create();
            _items.Add(key, state);
        }

        return (TState)state;
    }

    /// <summary>
    /// Runs <paramref name="action"/> once this attempt has committed, and never for an attempt that aborted or failed:
    /// for what may only count what really committed (metrics of state changes). An action that throws cannot turn the
    /// commit into a failure (the caller would retry what already happened): its exception is recorded on the current
    /// trace span as an exception event and the remaining actions still run.
    /// </summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _afterCommit.Add(action);
    }

    internal void Committed()
    {
        foreach (var action in _afterCommit)
        {
            try
            {
                action();
            }
#pragma warning disable CA1031 // The commit happened: nothing an after-commit action does may be reported as its failure.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Activity.Current?.AddException(e, new TagList { { "custody.firestore.after_commit", true } });
            }
        }
    }

    /// <summary>Releases the in-process document gates this attempt holds (done by the database when the attempt ends).</summary>
    public void Dispose()
    {
        foreach (var lease in _held.Values)
        {
            lease?.Dispose();
        }

        _held.Clear();
    }

    // Queue behind other transactions of this process that read the same documents (DocumentGates), in name order.
    private async Task EnterGatesAsync(IReadOnlyList<DocumentPath> paths, CancellationToken ct)
    {
        if (_gateWait <= TimeSpan.Zero)
        {
            return;
        }

        foreach (var name in paths.Select(_rpc.NameOf).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (!_held.ContainsKey(name))
            {
                _held[name] = await _gates.TryEnterAsync(name, _gateWait, ct).ConfigureAwait(false);
            }
        }
    }

    private static FieldMap Map<T>(T value, IDocumentMapper<T> mapper)
    {
        ArgumentNullException.ThrowIfNull(mapper);
        return mapper.ToFields(value);
    }
}
