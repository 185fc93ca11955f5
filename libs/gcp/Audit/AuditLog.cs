using Custody.Gcp.Firestore;

namespace Custody.Gcp.Audit;

/// <summary>
/// The hash-chained audit log in Firestore (docs/state.md, "Audit chain format"), kept as <see cref="AuditLayout.Chains"/>
/// independent chains (<see cref="AuditLayout"/>). <see cref="AppendAsync(FirestoreTransaction, AuditRecord, CancellationToken)"/>
/// runs inside the caller's transaction, so an entry commits together with the change it describes; it reads the head
/// document of the record's chain in that transaction, which serialises the appends of that chain and keeps it gap-free,
/// while appends to other chains (other requests) proceed in parallel. <see cref="VerifyAsync"/> walks every document of
/// the collection in document id order (ids are unique and derived from chain and sequence, so paging can neither skip
/// nor repeat a document), checks each chain on its own and reports the first broken link.
/// </summary>
public sealed class AuditLog
{
    private const string PendingKey = "custody.audit.pending-heads";

    private readonly FirestoreDatabase _database;
    private readonly TimeProvider _time;
    private volatile bool _layoutRecorded;

    /// <param name="chains">The chain count; it must equal the one recorded by the log's first writer (<see cref="AuditLayout.LayoutPath"/>).</param>
    public AuditLog(FirestoreDatabase database, TimeProvider? time = null, int chains = AuditLayout.DefaultChains)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time ?? TimeProvider.System;
        Layout = new AuditLayout(chains);
    }

    public AuditLayout Layout { get; }

    /// <summary>The head document an append for <paramref name="requestId"/> reads (for <see cref="FirestoreTransaction.PrefetchAsync"/>).</summary>
    public DocumentPath HeadPathFor(string requestId) => AuditLayout.HeadPath(Layout.ChainOf(requestId));

    /// <summary>Appends <paramref name="record"/> in <paramref name="transaction"/> (several appends per transaction chain in order).</summary>
    public async Task<AuditEntry> AppendAsync(FirestoreTransaction transaction, AuditRecord record, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(record);
        await RecordLayoutAsync(ct).ConfigureAwait(false);
        var chain = Layout.ChainOf(record);
        var pending = transaction.Item(PendingKey, () => new Dictionary<int, AuditHead>());
        if (!pending.TryGetValue(chain, out var head))
        {
            var stored = await transaction.GetAsync(AuditLayout.HeadPath(chain), AuditHead.Mapper, ct).ConfigureAwait(false);
            head = stored?.Value ?? new AuditHead(0, AuditHash.Genesis);
        }

        var entry = AuditEntry.Create(head.Sequence + 1, _time.GetUtcNow(), record, head.Hash);
        transaction.Create(AuditLayout.EntryPath(chain, entry.Sequence), entry, AuditEntryMapper.Instance);
        transaction.Set(AuditLayout.HeadPath(chain), new AuditHead(entry.Sequence, entry.Hash), AuditHead.Mapper);
        pending[chain] = new AuditHead(entry.Sequence, entry.Hash);
        return entry;
    }

    /// <summary>Appends in a transaction of its own (for events that change no other state).</summary>
    public Task<AuditEntry> AppendAsync(AuditRecord record, CancellationToken ct = default) =>
        _database.RunTransactionAsync((tx, token) => AppendAsync(tx, record, token), ct: ct);

    /// <summary>
    /// Walks every document of the collection in pages of <paramref name="pageSize"/>, ordered by document id and
    /// continued after the last document read, so a forged extra document is seen whatever the page size. A log
    /// recorded with another chain count is reported as <see cref="AuditBreakKind.LayoutMismatch"/>, not as a break.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(int pageSize = 500, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        var verifiers = Enumerable.Range(0, Layout.Chains).Select(c => new AuditChainVerifier(c)).ToArray();
        AuditVerification Result(AuditBreak? broken) => new(verifiers.Sum(v => v.EntriesChecked), Layout.Chains, broken);

        AuditLayout? recorded;
        try
        {
            recorded = (await _database.GetAsync(AuditLayout.LayoutPath, AuditLayout.Mapper, ct).ConfigureAwait(false))?.Value;
        }
        catch (FormatException ex)
        {
            return Result(AuditBreak.Layout($"{Layout.Chains} chains", ex.Message));
        }

        if (recorded is not null && recorded.Chains != Layout.Chains)
        {
            return Result(AuditBreak.Layout($"{Layout.Chains} chains", $"{recorded.Chains} chains recorded"));
        }

        var query = DocumentQuery.Collection(AuditLayout.EntriesCollection).OrderByDocumentId().Limit(pageSize);
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
                    return Result(AuditBreak.Malformed($"{document.Path}: {ex.Message}"));
                }

                if (verifiers[Layout.ChainOf(entry.Record)].Check(document.Path.Id, entry) is { } broken)
                {
                    return Result(broken);
                }

                after = document.Path;
            }

            if (page.Count < pageSize)
            {
                break;
            }
        }

        if (recorded is null && verifiers.Any(v => v.EntriesChecked > 0))
        {
            return Result(AuditBreak.Layout($"{Layout.Chains} chains recorded", "no layout document"));
        }

        return Result(await CheckHeadsAsync(verifiers, ct).ConfigureAwait(false));
    }

    private async Task<AuditBreak?> CheckHeadsAsync(AuditChainVerifier[] verifiers, CancellationToken ct)
    {
        var paths = Enumerable.Range(0, Layout.Chains).Select(AuditLayout.HeadPath).ToArray();
        foreach (var verifier in verifiers)
        {
            AuditHead? head;
            try
            {
                // One document per read: a malformed head is then reported for its own chain.
                head = (await _database.GetAsync(paths[verifier.Chain], AuditHead.Mapper, ct).ConfigureAwait(false))?.Value;
            }
            catch (FormatException ex)
            {
                return new AuditBreak(verifier.NextSequence - 1, AuditBreakKind.HeadMismatch, "a well-formed head", ex.Message, verifier.Chain);
            }

            if (verifier.CheckHead(head?.Sequence, head?.Hash) is { } broken)
            {
                return broken;
            }
        }

        return null;
    }

    // The layout document is created once by the first writer; a writer configured with another chain count refuses to
    // append (it would put entries where the verifier does not look for them).
    private async Task RecordLayoutAsync(CancellationToken ct)
    {
        if (_layoutRecorded)
        {
            return;
        }

        var stored = (await _database.GetAsync(AuditLayout.LayoutPath, AuditLayout.Mapper, ct).ConfigureAwait(false))?.Value;
        if (stored is null)
        {
            try
            {
                await _database.CreateAsync(AuditLayout.LayoutPath, Layout, AuditLayout.Mapper, ct).ConfigureAwait(false);
                stored = Layout;
            }
            catch (DocumentAlreadyExistsException)
            {
                stored = (await _database.GetAsync(AuditLayout.LayoutPath, AuditLayout.Mapper, ct).ConfigureAwait(false))?.Value;
            }
        }

        if (stored?.Chains != Layout.Chains)
        {
            throw new InvalidOperationException(
                $"The audit log records {stored?.Chains.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} chains; this service is configured with {Layout.Chains} (Audit:Chains). Refusing to append.");
        }

        _layoutRecorded = true;
    }
}
