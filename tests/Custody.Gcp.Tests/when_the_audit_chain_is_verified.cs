using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Gcp.Retry;
using Custody.Testing;
using Google.Cloud.Firestore.V1;

namespace Custody.Gcp.Tests;

public sealed class when_the_audit_chain_is_verified(FirestoreEmulator emulator) : IDisposable
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private AuditLog Log() => new(_firestore.Database, chains: 1);

    private static AuditRecord Record(int i) => new("policy", "approval-recorded", $"req-{i}", $"trace-{i}", new Dictionary<string, string> { ["approver"] = $"a{i}", ["amount"] = "1000" });

    private async Task AppendAsync(int count, CancellationToken ct)
    {
        var log = Log();
        for (var i = 1; i <= count; i++)
        {
            await log.AppendAsync(Record(i), ct);
        }
    }

    [Fact]
    public async Task an_untouched_chain_verifies_across_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(12, ct);

        var result = await Log().VerifyAsync(pageSize: 5, ct);

        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(12, result.EntriesChecked);
    }

    [Fact]
    public async Task modified_details_are_reported_at_the_modified_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(8, ct);
        var name = _firestore.NameOf(AuditLayout.EntryPath(0, 5));
        var document = await _firestore.Raw.GetDocumentAsync(new GetDocumentRequest { Name = name }, _firestore.Headers, cancellationToken: ct);
        document.Fields["details"].MapValue.Fields["amount"] = new Value { StringValue = "1000000" };
        await _firestore.Raw.CommitAsync(new CommitRequest { Database = _firestore.Database.DatabasePath, Writes = { new Write { Update = document } } }, _firestore.Headers, cancellationToken: ct);

        var result = await Log().VerifyAsync(pageSize: 3, ct);

        Assert.False(result.IsIntact);
        Assert.Equal(5, result.Break!.Sequence);
        Assert.Equal(AuditBreakKind.HashMismatch, result.Break.Kind);
        Assert.Equal(4, result.EntriesChecked);
    }

    [Fact]
    public async Task a_deleted_entry_is_reported_as_a_gap_at_its_sequence()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(6, ct);
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(0, 3), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(3, AuditBreakKind.SequenceGap, "sequence 3", "sequence 4"), result.Break);
    }

    [Fact]
    public async Task entries_removed_from_the_end_are_caught_by_the_head()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(4, ct);
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(0, 4), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(4, result.Break!.Sequence);
        Assert.Equal(AuditBreakKind.HeadMismatch, result.Break.Kind);
    }

    [Fact]
    public async Task a_rehashed_entry_breaks_the_link_to_the_next_one()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(5, ct);
        var original = (await _firestore.Database.GetAsync(AuditLayout.EntryPath(0, 2), AuditEntryMapper.Instance, ct))!.Value;
        var forged = AuditEntry.Create(2, original.Time, new AuditRecord("intruder", original.Record.Action, original.Record.RequestId, original.Record.TraceId), original.PreviousHash);
        await _firestore.Database.SetAsync(AuditLayout.EntryPath(0, 2), forged, AuditEntryMapper.Instance, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(3, result.Break!.Sequence);
        Assert.Equal(AuditBreakKind.PreviousHashMismatch, result.Break.Kind);
        Assert.Equal(forged.Hash.ToString(), result.Break.Expected);
    }

    [Fact]
    public async Task concurrent_appends_build_a_gap_free_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Log();
        var policy = new TransactionRetryPolicy(100, new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500)));

        var entries = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            _firestore.Database.RunTransactionAsync((tx, token) => log.AppendAsync(tx, Record(i), token), policy, ct)));

        Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        var result = await log.VerifyAsync(pageSize: 7, ct);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(20, result.EntriesChecked);
    }

    [Fact]
    public async Task two_appends_in_one_transaction_chain_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Log();

        var (first, second) = await _firestore.Database.RunTransactionAsync(async (tx, token) =>
            (await log.AppendAsync(tx, Record(1), token), await log.AppendAsync(tx, Record(2), token)), ct: ct);

        Assert.Equal((1L, 2L), (first.Sequence, second.Sequence));
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.True((await log.VerifyAsync(ct: ct)).IsIntact);
    }
}
