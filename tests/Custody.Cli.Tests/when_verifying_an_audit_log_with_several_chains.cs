using Custody.Gcp;
using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Testing;

namespace Custody.Cli.Tests;

/// <summary>
/// <c>custody audit verify --chains K</c> against Google's Firestore emulator: an intact log of K chains passes, a
/// reading with another chain count is reported as a layout mismatch (exit 2, not a break), and a modified entry is
/// named by its chain and sequence.
/// </summary>
public sealed class when_verifying_an_audit_log_with_several_chains(FirestoreEmulator firestore) : IClassFixture<FirestoreEmulator>, IDisposable
{
    private const int Chains = 8;
    private readonly string _project = GoogleEmulator.NewProjectId("audit");
    private GoogleChannelFactory? _channels;

    public void Dispose() => _channels?.Dispose();

    private FirestoreDatabase Database()
    {
        _channels ??= new GoogleChannelFactory(
            new GoogleCloudOptions { ProjectId = _project, UseEmulators = true, FirestoreEmulatorHost = firestore.Host },
            _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        return new FirestoreDatabase(_channels);
    }

    private async Task<AuditEntry[]> AppendAsync(int requests)
    {
        var log = new AuditLog(Database(), chains: Chains);
        var entries = new List<AuditEntry>();
        for (var i = 0; i < requests; i++)
        {
            entries.Add(await log.AppendAsync(new AuditRecord("policy", "decided", $"req-{i}", "", new Dictionary<string, string>()), TestContext.Current.CancellationToken));
        }

        return [.. entries];
    }

    private Task<CustodyCli.Result> VerifyAsync(params string[] extra) =>
        CustodyCli.RunAsync(["audit", "verify", "--project", _project, "--emulator-host", firestore.Host, .. extra]);

    [Fact]
    public async Task an_intact_log_passes_with_its_chain_count()
    {
        await AppendAsync(5);

        var result = await VerifyAsync("--chains", "8");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("audit chains intact: 5 entries in 8 chains", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task another_chain_count_is_a_layout_mismatch()
    {
        await AppendAsync(2);

        var result = await VerifyAsync();

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("audit log unreadable: LayoutMismatch (expected 64 chains, found 8 chains recorded)", result.Stdout.TrimEnd());
    }

    [Fact]
    public async Task a_modified_entry_is_named_by_chain_and_sequence()
    {
        var entries = await AppendAsync(3);
        var victim = entries[1];
        var chain = new AuditLayout(Chains).ChainOf(victim.Record);
        await Database().SetAsync(
            AuditLayout.EntryPath(chain, victim.Sequence), victim with { Record = new AuditRecord(victim.Record.Actor, "rewritten", victim.Record.RequestId, victim.Record.TraceId, victim.Record.Details) }, AuditEntryMapper.Instance,
            TestContext.Current.CancellationToken);

        var result = await VerifyAsync("--chains", "8");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"audit chain {chain} broken at sequence {victim.Sequence}: HashMismatch", result.Stdout.TrimEnd(), StringComparison.Ordinal);
    }
}
