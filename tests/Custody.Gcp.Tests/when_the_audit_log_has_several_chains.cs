using Custody.Gcp.Audit;
using Custody.Gcp.Firestore;
using Custody.Gcp.Retry;
using Custody.Testing;

namespace Custody.Gcp.Tests;

/// <summary>
/// The audit log as several independent chains (AuditLayout): each is gap-free and verified on its own, an entry
/// cannot move to another chain unnoticed, and a reader or writer configured with another chain count is told so.
/// </summary>
public sealed class when_the_audit_log_has_several_chains(FirestoreEmulator emulator) : IDisposable
{
    private const int Chains = 8;
    private static readonly AuditLayout Layout = new(Chains);
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private AuditLog Log(int chains = Chains) => new(_firestore.Database, chains: chains);

    private static AuditRecord Record(string requestId, string action = "decided") => new("policy", action, requestId, "", new Dictionary<string, string> { ["n"] = requestId });

    // Request ids chosen by computing their chain (AuditLayout.ChainOf), so a test never depends on where ids happen to land.
    private static string[] IdsInChain(int chain, int count) =>
        [.. Enumerable.Range(0, 100_000).Select(i => $"req-{chain}-{i}").Where(id => Layout.ChainOf(id) == chain).Take(count)];

    // Sequential appends: entry n of a chain is exactly the n-th id given for it.
    private async Task<Dictionary<int, string[]>> AppendToChainsAsync(CancellationToken ct, params (int Chain, int Entries)[] plan)
    {
        var log = Log();
        var ids = plan.ToDictionary(p => p.Chain, p => IdsInChain(p.Chain, p.Entries));
        foreach (var (chain, chainIds) in ids)
        {
            Assert.Equal(plan.Single(p => p.Chain == chain).Entries, chainIds.Length);
            foreach (var id in chainIds)
            {
                await log.AppendAsync(Record(id), ct);
            }
        }

        return ids;
    }

    private async Task<AuditEntry[]> AppendConcurrentlyAsync(int requests, CancellationToken ct)
    {
        var log = Log();
        var policy = new TransactionRetryPolicy(100, new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500)));
        return await Task.WhenAll(Enumerable.Range(1, requests).Select(i =>
            _firestore.Database.RunTransactionAsync((tx, token) => log.AppendAsync(tx, Record($"req-{i}"), token), policy, ct)));
    }

    [Fact]
    public async Task concurrent_appends_spread_over_chains_each_gap_free()
    {
        var ct = TestContext.Current.CancellationToken;
        var layout = new AuditLayout(Chains);

        var entries = await AppendConcurrentlyAsync(40, ct);

        var byChain = entries.GroupBy(e => layout.ChainOf(e.Record)).ToList();
        Assert.Equal(Enumerable.Range(1, 40).Select(i => layout.ChainOf($"req-{i}")).Distinct().Count(), byChain.Count);
        Assert.True(byChain.Count > 1, "40 request ids all landed in one chain");
        foreach (var chain in byChain)
        {
            Assert.Equal(Enumerable.Range(1, chain.Count()).Select(i => (long)i), chain.Select(e => e.Sequence).Order());
        }

        var result = await Log().VerifyAsync(pageSize: 7, ct);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(40, result.EntriesChecked);
        Assert.Equal($"audit chains intact: 40 entries in {Chains} chains", result.ToString());
    }

    [Fact]
    public async Task every_entry_of_one_request_goes_to_its_chain_in_order()
    {
        var ct = TestContext.Current.CancellationToken;
        var log = Log();
        for (var i = 0; i < 3; i++)
        {
            await log.AppendAsync(Record("req-a", $"step-{i}"), ct);
        }

        var chain = log.Layout.ChainOf(Record("req-a"));
        for (var sequence = 1; sequence <= 3; sequence++)
        {
            var stored = await _firestore.Database.GetAsync(AuditLayout.EntryPath(chain, sequence), AuditEntryMapper.Instance, ct);
            Assert.Equal($"step-{sequence - 1}", stored!.Value.Record.Action);
        }
    }

    [Fact]
    public async Task a_modified_entry_is_reported_in_its_own_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var ids = await AppendToChainsAsync(ct, (0, 2), (3, 3), (5, 2));
        var path = AuditLayout.EntryPath(3, 2);
        var victim = (await _firestore.Database.GetAsync(path, AuditEntryMapper.Instance, ct))!.Value;
        Assert.Equal(ids[3][1], victim.Record.RequestId);
        await _firestore.Database.SetAsync(path, victim with { Record = Record(victim.Record.RequestId, "rewritten") }, AuditEntryMapper.Instance, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(3, result.Break!.Chain);
        Assert.Equal(2, result.Break.Sequence);
        Assert.Equal(AuditBreakKind.HashMismatch, result.Break.Kind);
    }

    [Fact]
    public async Task an_entry_copied_into_another_chain_is_misplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        // Chain 2 holds 2 entries, chain 5 one; chain 2 is walked first, so chain 5's verifier meets the copy before its own entry.
        var ids = await AppendToChainsAsync(ct, (2, 2), (5, 1));
        var victim = (await _firestore.Database.GetAsync(AuditLayout.EntryPath(5, 1), AuditEntryMapper.Instance, ct))!.Value;
        var last = (await _firestore.Database.GetAsync(AuditLayout.EntryPath(2, 2), AuditEntryMapper.Instance, ct))!.Value;
        Assert.Equal(ids[5][0], victim.Record.RequestId);
        Assert.Equal(5, Layout.ChainOf(victim.Record));
        // Appended at the end of chain 2, correctly linked, with chain 2's head forged to match: only the chain assignment betrays it.
        var forged = AuditEntry.Create(3, victim.Time, victim.Record, last.Hash);
        var forgedPath = AuditLayout.EntryPath(2, 3);
        await _firestore.Database.CreateAsync(forgedPath, forged, AuditEntryMapper.Instance, ct);
        await _firestore.Database.SetAsync(AuditLayout.HeadPath(2), new AuditHead(forged.Sequence, forged.Hash), AuditHead.Mapper, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(1, AuditBreakKind.MisplacedEntry, $"sequence 3 in document {AuditLayout.EntryPath(5, 3).Id}", $"document {forgedPath.Id}", 5), result.Break);
    }

    [Fact]
    public async Task an_entry_moved_to_another_chain_is_misplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendToChainsAsync(ct, (1, 1), (6, 1));
        // Chain 6's only entry (and its head) removed and the entry stored, unchanged, in chain 1's next slot.
        var moved = (await _firestore.Database.GetAsync(AuditLayout.EntryPath(6, 1), AuditEntryMapper.Instance, ct))!.Value;
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(6, 1), ct: ct);
        await _firestore.Database.DeleteAsync(AuditLayout.HeadPath(6), ct: ct);
        await _firestore.Database.CreateAsync(AuditLayout.EntryPath(1, 2), moved, AuditEntryMapper.Instance, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(AuditBreakKind.MisplacedEntry, result.Break!.Kind);
        Assert.Equal(6, result.Break.Chain);
        Assert.Equal($"document {AuditLayout.EntryPath(1, 2).Id}", result.Break.Found);
    }

    [Fact]
    public async Task a_head_rolled_back_in_one_chain_is_a_head_mismatch_of_that_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendToChainsAsync(ct, (0, 1), (4, 3), (7, 2));
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(4, 3), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(3, AuditBreakKind.HeadMismatch, "head at sequence 2", "head at sequence 3", 4), result.Break);
    }

    [Fact]
    public async Task a_deleted_head_is_a_head_mismatch_of_its_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendToChainsAsync(ct, (1, 2), (6, 1));
        await _firestore.Database.DeleteAsync(AuditLayout.HeadPath(6), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(1, AuditBreakKind.HeadMismatch, "head at sequence 1", "no head", 6), result.Break);
        Assert.Equal("audit chain 6 broken at sequence 1: HeadMismatch (expected head at sequence 1, found no head)", result.ToString());
    }

    [Fact]
    public async Task a_deleted_first_entry_is_a_gap_in_its_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendToChainsAsync(ct, (3, 3));
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(3, 1), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(1, AuditBreakKind.SequenceGap, "sequence 1", "sequence 2", 3), result.Break);
    }

    [Fact]
    public async Task writers_starting_together_record_one_layout_and_agree_on_it()
    {
        var ct = TestContext.Current.CancellationToken;
        // Eight fresh writers (as eight service instances would be), each racing to create the layout document.
        var writers = Enumerable.Range(0, 8).Select(_ => Log()).ToArray();

        await Task.WhenAll(writers.Select((log, i) => log.AppendAsync(Record($"req-{i}"), ct)));

        Assert.Equal(Chains, (await _firestore.Database.GetAsync(AuditLayout.LayoutPath, AuditLayout.Mapper, ct))!.Value.Chains);
        var result = await Log().VerifyAsync(ct: ct);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(8, result.EntriesChecked);
    }

    [Fact]
    public async Task writers_with_different_counts_starting_together_leave_one_layout_and_one_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        Task<AuditEntry> Append(int chains) => Task.Run(() => Log(chains).AppendAsync(Record($"req-{chains}"), ct), ct);

        var outcomes = await Task.WhenAll(new[] { Append(Chains), Append(4) }.Select(async task =>
        {
            try
            {
                await task;
                return (Exception?)null;
            }
            catch (InvalidOperationException ex)
            {
                return ex;
            }
        }));

        // Exactly one wins the create-if-absent; the other reads the winner's layout and refuses.
        var winner = (await _firestore.Database.GetAsync(AuditLayout.LayoutPath, AuditLayout.Mapper, ct))!.Value.Chains;
        Assert.Single(outcomes, o => o is null);
        var refused = Assert.Single(outcomes, o => o is not null)!;
        Assert.Contains($"records {winner} chains", refused.Message, StringComparison.Ordinal);
        var result = await Log(winner).VerifyAsync(ct: ct);
        Assert.True(result.IsIntact, result.ToString());
        Assert.Equal(1, result.EntriesChecked);
    }

    [Fact]
    public async Task a_verifier_with_another_chain_count_reports_the_layout_not_a_break()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendConcurrentlyAsync(10, ct);

        var result = await Log(chains: 64).VerifyAsync(ct: ct);

        Assert.Equal(AuditBreak.Layout("64 chains", $"{Chains} chains recorded"), result.Break);
        Assert.Null(result.Break!.Chain);
        Assert.StartsWith("audit log unreadable: LayoutMismatch", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_writer_with_another_chain_count_refuses_to_append()
    {
        var ct = TestContext.Current.CancellationToken;
        await Log().AppendAsync(Record("req-1"), ct);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Log(chains: 4).AppendAsync(Record("req-2"), ct));

        Assert.Contains($"records {Chains} chains", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Log().VerifyAsync(ct: ct)).EntriesChecked);
    }

    [Fact]
    public async Task entries_without_a_layout_document_are_reported()
    {
        var ct = TestContext.Current.CancellationToken;
        await AppendConcurrentlyAsync(3, ct);
        await _firestore.Database.DeleteAsync(AuditLayout.LayoutPath, ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(AuditBreakKind.LayoutMismatch, result.Break!.Kind);
        Assert.Equal("no layout document", result.Break.Found);
    }
}
