using System.Text.RegularExpressions;

namespace Custody.Cli.Tests;

/// <summary>
/// Runs the built <c>custody demo</c> as a real process (Pub/Sub and Firestore emulators, anvil) and checks its
/// narration end to end, and that it stopped every process it started.
/// </summary>
public sealed partial class when_the_demo_runs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task it_blocks_the_oversized_request_confirms_the_approved_one_keeps_the_audit_chain_intact_and_cleans_up()
    {
        var (exitCode, stdout, stderr) = await RunDemoAsync();

        Assert.True(exitCode == 0, $"exit {exitCode}{Environment.NewLine}stderr:{Environment.NewLine}{stderr}{Environment.NewLine}stdout:{Environment.NewLine}{stdout}");
        var address = WalletAddress().Match(stdout);
        Assert.True(address.Success, stdout);
        Assert.Contains($"recovered sender {address.Groups[1].Value} = wallet address", stdout, StringComparison.Ordinal);
        Assert.Matches(@"NativeTransfer of 6\.0 ETH[\s\S]*policy decision: BLOCK \(rule everything-else,[\s\S]*blocked: no approval is asked, nothing is signed", stdout);
        Assert.Matches(@"outcome of req-[0-9a-f]+: BLOCK", stdout);
        Assert.Matches(@"receipt: block \d+, status 1, gas used 21000", stdout);
        Assert.Contains("recipient 0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359 balance: 1.5 ETH", stdout, StringComparison.Ordinal);
        Assert.Matches(@"outcome of req-[0-9a-f]+: CONFIRMED in block \d+", stdout);
        Assert.Contains("audit chain: 7 entries, intact", stdout, StringComparison.Ordinal);

        var pids = DemoProcesses.StartedIn(stdout).ToList();
        Assert.Equal(3, pids.Count);
        Assert.All(pids, pid => Assert.False(DemoProcesses.IsAlive(pid), $"process {pid} started by the demo is still running"));
    }

    [Fact]
    public async Task without_the_emulators_it_fails_on_stderr_saying_what_to_install()
    {
        var missingSdk = Path.Combine(Path.GetTempPath(), "custody-demo-no-sdk-" + Guid.NewGuid().ToString("N"));

        var (exitCode, stdout, stderr) = await RunDemoAsync(("CLOUDSDK_ROOT", missingSdk));

        Assert.Equal(1, exitCode);
        Assert.Contains("gcloud components install pubsub-emulator cloud-firestore-emulator", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Summary", stdout, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunDemoAsync(params (string Name, string Value)[] environment)
    {
        var result = await CustodyCli.RunAsync(Deadline, environment.ToDictionary(e => e.Name, e => e.Value), "demo");
        return (result.ExitCode, result.Stdout, result.Stderr);
    }

    [GeneratedRegex(@"address    (0x[0-9A-Fa-f]{40})")]
    private static partial Regex WalletAddress();
}
