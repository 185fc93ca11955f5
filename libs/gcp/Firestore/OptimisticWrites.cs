namespace Custody.Gcp.Firestore;

/// <summary>
/// The writes decided by one attempt of <see cref="FirestoreDatabase.RunOptimisticAsync{TResult}"/>. Every write goes
/// to a document of the attempt's read set and carries the precondition of what was read: a document read as absent
/// must still be absent (exists=false), a document read as present must be unchanged since (its update_time). They are
/// committed together as one atomic batch, so the commit succeeds only if none of them changed since the read.
/// </summary>
public sealed class OptimisticWrites
{
    private readonly FirestoreRpc _rpc;
    private readonly Dictionary<DocumentPath, DocumentSnapshot<FieldMap>?> _read;
    private readonly Dictionary<DocumentPath, PendingWrite> _writes = [];

    internal OptimisticWrites(FirestoreRpc rpc, IReadOnlyList<DocumentPath> paths, IReadOnlyList<DocumentSnapshot<FieldMap>?> snapshots)
    {
        _rpc = rpc;
        _read = [];
        for (var i = 0; i < paths.Count; i++)
        {
            _read[paths[i]] = snapshots[i];
        }
    }

    public int Count => _writes.Count;

    internal IReadOnlyList<PendingWrite> Pending => [.. _writes.Values];

    internal bool CoversEveryRead => _read.Keys.All(_writes.ContainsKey);

    /// <summary>Creates the document if it was read as absent, else replaces it if it is unchanged since the read.</summary>
    public void Put(DocumentPath path, FieldMap fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _writes[path] = ReadVersion(path) is { } version
            ? PendingWrite.Update(_rpc, path, fields, version, onlyFields: false)
            : PendingWrite.Create(_rpc, path, fields);
    }

    /// <summary>Deletes the document, which was read as present, if it is unchanged since the read.</summary>
    public void Delete(DocumentPath path) =>
        _writes[path] = PendingWrite.Delete(_rpc, path, ReadVersion(path)
            ?? throw new InvalidOperationException($"{path} was read as absent; there is nothing to delete."));

    private DocumentVersion? ReadVersion(DocumentPath path) =>
        _read.TryGetValue(path, out var snapshot)
            ? snapshot?.UpdateTime
            : throw new InvalidOperationException($"{path} is not in the read set of this optimistic update; only documents read may be written.");
}
