using Custody.Testing;

namespace Custody.Cli.Tests;

/// <summary>
/// <c>custody audit verify</c> against Google's Firestore emulator on a project that has no audit entries: an empty
/// chain is said and is a failure (exit 4), unless the operator says it is expected (--allow-empty).
/// </summary>
public sealed class when_verifying_an_audit_log_with_no_entries(FirestoreEmulator firestore) : IClassFixture<FirestoreEmulator>
{
    [Fact]
    public async Task it_says_so_and_exits_4()
    {
        var project = GoogleEmulator.NewProjectId("audit");

        var result = await CustodyCli.RunAsync("audit", "verify", "--project", project, "--emulator-host", firestore.Host);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal(
            $"error: the audit log of project {project}, database (default) at {firestore.Host} has no entries (pass --allow-empty if an empty chain is expected)",
            result.Stderr.TrimEnd());
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task it_passes_when_told_an_empty_chain_is_expected()
    {
        var result = await CustodyCli.RunAsync("audit", "verify", "--project", GoogleEmulator.NewProjectId("audit"), "--emulator-host", firestore.Host, "--allow-empty");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("audit chains intact: 0 entries in 64 chains", result.Stdout.TrimEnd());
    }
}
