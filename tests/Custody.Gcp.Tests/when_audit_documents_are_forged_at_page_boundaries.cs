using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Gcp.Tests;

/// <summary>
/// A forger with write access to single audit documents adds a document that claims an existing sequence, or
/// deletes one, exactly where the verifier's pages meet. Whatever the page size, the walk must refuse the chain
/// at that sequence (issue: paging on the non-unique <c>sequence</c> field skipped such a forgery).
/// </summary>
public sealed class when_audit_documents_are_forged_at_page_boundaries(FirestoreEmulator emulator) : IDisposable
{
    private const int ChainLength = 25;
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private AuditLog Log() => new(_firestore.Database, chains: 1);

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task an_exact_copy_of_an_entry_is_a_duplicate_at_every_page_boundary(int pageSize)
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(ChainLength, ct);
        foreach (var sequence in BoundarySequences(pageSize, ChainLength))
        {
            // Sorts right after the original: the first document of the next page when the original ends one.
            var copy = DocumentPath.Of(AuditLayout.EntriesCollection, AuditLayout.EntryPath(0, sequence).Id + "-copy");
            var original = await _firestore.Database.GetAsync(AuditLayout.EntryPath(0, sequence), RawFields.Mapper, ct);
            await _firestore.Database.CreateAsync(copy, original!.Value, RawFields.Mapper, ct);

            var result = await Log().VerifyAsync(pageSize, ct);

            Assert.False(result.IsIntact, $"a copy of entry {sequence} passed with page size {pageSize}: {result}");
            Assert.Equal(sequence, result.Break!.Sequence);
            Assert.Equal(AuditBreakKind.DuplicateSequence, result.Break.Kind);
            Assert.Equal(sequence, result.EntriesChecked);
            await _firestore.Database.DeleteAsync(copy, ct: ct);
        }

        Assert.True((await Log().VerifyAsync(pageSize, ct)).IsIntact);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task a_rehashed_alternative_entry_is_refused_at_every_page_boundary(int pageSize)
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(ChainLength, ct);
        foreach (var sequence in BoundarySequences(pageSize, ChainLength))
        {
            // A valid-looking fork of entry k (right previous hash, right own hash) that sorts just before k.
            var original = (await _firestore.Database.GetAsync(AuditLayout.EntryPath(0, sequence), AuditEntryMapper.Instance, ct))!.Value;
            var fork = AuditEntry.Create(sequence, original.Time, new AuditRecord("intruder", "approval-recorded", "req-forged", ""), original.PreviousHash);
            var forkPath = DocumentPath.Of(AuditLayout.EntriesCollection, AuditLayout.EntryPath(0, sequence - 1).Id + "~");
            await _firestore.Database.CreateAsync(forkPath, fork, AuditEntryMapper.Instance, ct);

            var result = await Log().VerifyAsync(pageSize, ct);

            Assert.False(result.IsIntact, $"a fork of entry {sequence} passed with page size {pageSize}: {result}");
            Assert.Equal(new AuditBreak(sequence, AuditBreakKind.MisplacedEntry, $"sequence {sequence} in document {AuditLayout.EntryPath(0, sequence).Id}", $"document {forkPath.Id}"), result.Break);
            await _firestore.Database.DeleteAsync(forkPath, ct: ct);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public async Task a_deleted_entry_is_a_gap_at_every_page_boundary(int pageSize)
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendAsync(ChainLength, ct);
        foreach (var sequence in BoundarySequences(pageSize, ChainLength - 1))
        {
            var path = AuditLayout.EntryPath(0, sequence);
            var original = await _firestore.Database.GetAsync(path, RawFields.Mapper, ct);
            await _firestore.Database.DeleteAsync(path, ct: ct);

            var result = await Log().VerifyAsync(pageSize, ct);

            Assert.Equal(new AuditBreak(sequence, AuditBreakKind.SequenceGap, $"sequence {sequence}", $"sequence {sequence + 1}"), result.Break);
            await _firestore.Database.CreateAsync(path, original!.Value, RawFields.Mapper, ct);
        }

        Assert.True((await Log().VerifyAsync(pageSize, ct)).IsIntact);
    }

    [Fact]
    public async Task a_chain_longer_than_two_default_pages_verifies_and_a_forgery_on_a_default_boundary_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        const int length = 1_234;
        await AppendAsync(length, ct, perTransaction: 100);

        var intact = await Log().VerifyAsync(ct: ct);
        Assert.True(intact.IsIntact, intact.ToString());
        Assert.Equal(length, intact.EntriesChecked);

        foreach (var sequence in new long[] { 500, 501, 1_000, 1_001 })
        {
            var copy = DocumentPath.Of(AuditLayout.EntriesCollection, AuditLayout.EntryPath(0, sequence).Id + "-copy");
            var original = await _firestore.Database.GetAsync(AuditLayout.EntryPath(0, sequence), RawFields.Mapper, ct);
            await _firestore.Database.CreateAsync(copy, original!.Value, RawFields.Mapper, ct);

            var result = await Log().VerifyAsync(ct: ct);

            Assert.Equal(sequence, result.Break?.Sequence);
            Assert.Equal(AuditBreakKind.DuplicateSequence, result.Break!.Kind);
            await _firestore.Database.DeleteAsync(copy, ct: ct);
        }

        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(0, 1_000), ct: ct);
        var deleted = await Log().VerifyAsync(ct: ct);
        Assert.Equal(new AuditBreak(1_000, AuditBreakKind.SequenceGap, "sequence 1000", "sequence 1001"), deleted.Break);
    }

    // The last entry of each page and the first of the next one.
    private static IEnumerable<long> BoundarySequences(int pageSize, int upTo) =>
        Enumerable.Range(1, upTo / pageSize)
            .SelectMany(page => new long[] { page * pageSize, (page * pageSize) + 1 })
            .Where(sequence => sequence <= upTo)
            .Distinct();

    private async Task AppendAsync(int count, CancellationToken ct, int perTransaction = 1)
    {
        var log = Log();
        for (var first = 1; first <= count; first += perTransaction)
        {
            var last = Math.Min(count, first + perTransaction - 1);
            await _firestore.Database.RunTransactionAsync(async (tx, token) =>
            {
                for (var i = first; i <= last; i++)
                {
                    await log.AppendAsync(tx, new AuditRecord("policy", "approval-recorded", $"req-{i}", $"trace-{i}"), token);
                }
            }, ct: ct);
        }
    }
}
