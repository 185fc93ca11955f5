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
    private readonly EmulatedFirestore _firestore = new(emulator);

    public void Dispose() => _firestore.Dispose();

    private AuditLog Log(int chains = Chains) => new(_firestore.Database, chains: chains);

    private static AuditRecord Record(string requestId, string action = "decided") => new("policy", action, requestId, "", new Dictionary<string, string> { ["n"] = requestId });

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
        var entries = await AppendConcurrentlyAsync(24, ct);
        var layout = new AuditLayout(Chains);
        var target = entries.GroupBy(e => layout.ChainOf(e.Record)).First(g => g.Count() >= 2);
        var victim = target.Single(e => e.Sequence == 2);
        var path = AuditLayout.EntryPath(target.Key, 2);
        await _firestore.Database.SetAsync(path, victim with { Record = Record(victim.Record.RequestId, "rewritten") }, AuditEntryMapper.Instance, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(target.Key, result.Break!.Chain);
        Assert.Equal(2, result.Break.Sequence);
        Assert.Equal(AuditBreakKind.HashMismatch, result.Break.Kind);
    }

    [Fact]
    public async Task an_entry_copied_into_another_chain_is_misplaced()
    {
        var ct = TestContext.Current.CancellationToken;
        var entries = await AppendConcurrentlyAsync(24, ct);
        var layout = new AuditLayout(Chains);
        // An entry of chain home >= 1 appended to chain home - 1, which the walk reads first.
        var first = entries.First(e => e.Sequence == 1 && layout.ChainOf(e.Record) >= 1);
        var home = layout.ChainOf(first.Record);
        var other = home - 1;
        var last = entries.Where(e => layout.ChainOf(e.Record) == other).OrderBy(e => e.Sequence).LastOrDefault();
        // Appended at the end of the other chain, with a head forged to match: only the chain assignment betrays it.
        var forged = AuditEntry.Create((last?.Sequence ?? 0) + 1, first.Time, first.Record, last?.Hash ?? AuditHash.Genesis);
        var forgedPath = AuditLayout.EntryPath(other, forged.Sequence);
        await _firestore.Database.CreateAsync(forgedPath, forged, AuditEntryMapper.Instance, ct);
        await _firestore.Database.SetAsync(AuditLayout.HeadPath(other), new AuditHead(forged.Sequence, forged.Hash), AuditHead.Mapper, ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(AuditBreakKind.MisplacedEntry, result.Break!.Kind);
        Assert.Equal(home, result.Break.Chain);
        Assert.Equal($"document {forgedPath.Id}", result.Break.Found);
    }

    [Fact]
    public async Task a_head_rolled_back_in_one_chain_is_a_head_mismatch_of_that_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        var entries = await AppendConcurrentlyAsync(24, ct);
        var layout = new AuditLayout(Chains);
        var target = entries.GroupBy(e => layout.ChainOf(e.Record)).First(g => g.Count() >= 2);
        var count = target.Count();
        await _firestore.Database.DeleteAsync(AuditLayout.EntryPath(target.Key, count), ct: ct);

        var result = await Log().VerifyAsync(ct: ct);

        Assert.Equal(new AuditBreak(count, AuditBreakKind.HeadMismatch, $"head at sequence {count - 1}", $"head at sequence {count}", target.Key), result.Break);
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
