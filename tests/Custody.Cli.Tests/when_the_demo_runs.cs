using System.Text.RegularExpressions;

namespace Custody.Cli.Tests;

/// <summary>
/// Runs the built <c>custody demo</c> as a real process: it starts the whole local stack (the AppHost, DCP, the
/// emulators, anvil, every service as its own process), plays the reference scenario through the services and stops
/// the stack. Checked: exit 0, each request's outcome, the approvals, confirmations, balances, and that no process of
/// the stack's sessions is left. Deadlines are generous: under load the stack alone takes minutes to start.
/// </summary>
[Collection(StackSessions.Collection)]
public sealed partial class when_the_demo_runs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task it_plays_the_reference_scenario_through_the_services_and_stops_every_process()
    {
        var result = await CustodyCli.RunAsync(Deadline, new Dictionary<string, string>(), "demo", "--port-base", "24000");
        var stdout = result.Stdout;

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}{Environment.NewLine}stderr:{Environment.NewLine}{result.Stderr}{Environment.NewLine}stdout:{Environment.NewLine}{stdout}");
        Assert.Matches(@"wallet primus-treasury: address 0x[0-9A-Fa-f]{40}", stdout);
        // The small payment needs no vote; the large one and the token payment wait for alice and bob, then confirm.
        Assert.Matches(@"0\.05 ETH to Secundus, auto-approved: Confirmed \(ALLOW, rule small-eth-to-secundus\)", stdout);
        Assert.Matches(@"2 ETH to Secundus, approved by alice and bob: Confirmed \(REQUIRE_APPROVAL, rule large-eth-to-secundus\)", stdout);
        Assert.Matches(@"250 CTT to Secundus, approved by alice and bob: Confirmed \(REQUIRE_APPROVAL, rule ctt-to-secundus\)", stdout);
        Assert.Equal(2, PendingApproval().Matches(stdout).Count);
        Assert.Equal(2, Regex.Matches(stdout, @"vote recorded: alice APPROVE; request primus-[a-z]+-[0-9a-f]+ is now PendingApproval").Count);
        Assert.Equal(2, Regex.Matches(stdout, @"vote recorded: bob APPROVE; request primus-[a-z]+-[0-9a-f]+ is now Approved").Count);
        Assert.Contains("amount       250 CTT (250000000000000000000 base units", stdout, StringComparison.Ordinal);
        Assert.Equal(3, Regex.Matches(stdout, @"tx 0x[0-9a-f]{64}, nonce \d, block \d+, 1 confirmation\(s\)").Count);
        // Outside the whitelist: blocked, never signed.
        Assert.Matches(@"0\.05 ETH to Tertius, blocked: Blocked \(BLOCK, rule everything-else\)", stdout);
        Assert.Contains("NOT SHOWN BY THIS DEMO YET: the services replace a stuck transaction", stdout, StringComparison.Ordinal);
        Assert.Matches(@"Company Secundus +ETH +0 -> +2\.05 +\(\+2\.05\)", stdout);
        Assert.Matches(@"Company Secundus +CTT +0 -> +250 +\(\+250\)", stdout);
        Assert.Matches(@"Company Tertius +ETH +0 -> +0 +\(\+0\)", stdout);
        Assert.Matches(@"wallet \(Company Primus\) +CTT +1000 -> +750 +\(-250\)", stdout);
        Assert.Matches(@"audit chain: \d+ entries, intact", stdout);
        Assert.Contains("stack stopped: no process is left in its sessions", stdout, StringComparison.Ordinal);

        var sessions = StackSessions.In(stdout);
        Assert.True(sessions.Count >= 2, "the AppHost's session and DCP's: " + stdout);
        Assert.Empty(await StackSessions.AliveAsync(sessions));
    }

    [Fact]
    public async Task without_the_emulators_it_fails_at_once_saying_what_to_install_and_starts_nothing()
    {
        var missingSdk = Path.Combine(Path.GetTempPath(), "custody-demo-no-sdk-" + Guid.NewGuid().ToString("N"));

        var result = await CustodyCli.RunAsync(TimeSpan.FromMinutes(2), new Dictionary<string, string> { ["CLOUDSDK_ROOT"] = missingSdk }, "demo", "--port-base", "24000");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("demo failed: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("gcloud components install pubsub-emulator", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AppHost (pid", result.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"PendingApproval REQUIRE_APPROVAL by rule (large-eth|ctt)-to-secundus")]
    private static partial Regex PendingApproval();
}
