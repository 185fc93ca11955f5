using System.Globalization;
using Custody.Gcp.Firestore;

namespace Custody.Gcp.Audit;

/// <summary>
/// The hash-chained audit log in Firestore (docs/architecture.md, "State": <c>audit/{seq}</c>).
/// <see cref="AppendAsync"/> runs inside the caller's transaction, so an entry commits together with the
/// change it describes; it reads the head document <c>audit-head/head</c> in that transaction, which
/// serialises concurrent appends and keeps the chain gap-free. <see cref="VerifyAsync"/> walks every document of
/// the collection in document id order (ids are unique and derived from the sequence, so paging can neither skip
/// nor repeat a document) and reports the first broken link.
/// </summary>
public sealed class AuditLog
{
    public const string EntriesCollection = "audit";
    public static readonly DocumentPath HeadPath = DocumentPath.Of("audit-head", "head");
    private const string PendingKey = "custody.audit.pending-head";

    private readonly FirestoreDatabase _database;
    private readonly TimeProvider _time;

    public AuditLog(FirestoreDatabase database, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Entry documents are named by the zero-padded sequence, so their ids sort like their sequences.</summary>
    public static DocumentPath EntryPath(long sequence) =>
        DocumentPath.Of(EntriesCollection, sequence.ToString("D20", CultureInfo.InvariantCulture));

    /// <summary>Appends <paramref name="record"/> in <paramref name="transaction"/> (several appends per transaction chain in order).</summary>
    public async Task<AuditEntry> AppendAsync(FirestoreTransaction transaction, AuditRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        var pending = transaction.Item(PendingKey, () => new PendingHead());
        if (pending.Head is null)
        {
            var stored = await transaction.GetAsync(HeadPath, AuditHead.Mapper, ct).ConfigureAwait(false);
            pending.Head = stored?.Value ?? new AuditHead(0, AuditHash.Genesis);
        }

        var entry = AuditEntry.Create(pending.Head.Sequence + 1, _time.GetUtcNow(), record, pending.Head.Hash);
        transaction.Create(EntryPath(entry.Sequence), entry, AuditEntryMapper.Instance);
        transaction.Set(HeadPath, new AuditHead(entry.Sequence, entry.Hash), AuditHead.Mapper);
        pending.Head = new AuditHead(entry.Sequence, entry.Hash);
        return entry;
    }

    /// <summary>Appends in a transaction of its own (for events that change no other state).</summary>
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct = default) =>
        _database.RunTransactionAsync((tx, token) => AppendAsync(tx, record, token), ct: ct);

    /// <summary>
    /// Walks every document of the collection in pages of <paramref name="pageSize"/>, ordered by document id and
    /// continued after the last document read, so a forged extra document is seen whatever the page size.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(int pageSize = 500, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var verifier = new AuditChainVerifier();
        var query = DocumentQuery.Collection(EntriesCollection).OrderByDocumentId().Limit(pageSize);
        DocumentPath? after = null;
        while (true)
        {
            var page = await _database.QueryAsync(after is null ? query : query.StartAfterDocument(after), RawFields.Mapper, ct).ConfigureAwait(false);
            foreach (var document in page)
            {
                AuditEntry entry;
                try
                {
                    entry = AuditEntryMapper.Instance.FromFields(document.Value);
                }
                catch (FormatException ex)
                {
                    return new AuditVerification(verifier.EntriesChecked, verifier.Malformed($"{document.Path}: {ex.Message}"));
                }

                if (verifier.Check(document.Path.Id, entry) is { } broken)
                {
                    return new AuditVerification(verifier.EntriesChecked, broken);
                }

                after = document.Path;
            }

            if (page.Count < pageSize)
            {
                break;
            }
        }

        AuditHead? head;
        try
        {
            head = (await _database.GetAsync(HeadPath, AuditHead.Mapper, ct).ConfigureAwait(false))?.Value;
        }
        catch (FormatException ex)
        {
            return new AuditVerification(verifier.EntriesChecked, new AuditBreak(verifier.NextSequence - 1, AuditBreakKind.HeadMismatch, "a well-formed head", ex.Message));
        }

        return new AuditVerification(verifier.EntriesChecked, verifier.CheckHead(head?.Sequence, head?.Hash));
    }

    private sealed class PendingHead
    {
        public AuditHead? Head { get; set; }
    }
}
