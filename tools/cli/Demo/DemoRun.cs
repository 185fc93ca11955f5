using System.Numerics;
using Custody.AppHost;
using Custody.Chain;
using Custody.Chain.Dev;
using Custody.Cli.Demo.Stack;
using Custody.Contracts.Admin;
using Custody.Ethereum;
using Custody.Gcp.Audit;
using Custody.Gcp.Emulators;
using Custody.Gcp.Firestore;

namespace Custody.Cli.Demo;

/// <summary>
/// The demo's flow (docs/demo.md): start the local stack, create and fund the wallet, deploy the test token, play the
/// reference scenario through the services, print the balances, the audit check and a summary. Whatever happens,
/// the stack is stopped before this returns, and the check that no process of it is left is printed.
/// </summary>
internal sealed class DemoRun(Narration narration, StackPorts ports)
{
    private static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(10);
    private static readonly BigInteger Ether = DemoChain.WeiPerEther;

    public async Task RunAsync(bool keepRunning, CancellationToken ct)
    {
        var repo = RepoLayout.Root();
        Preflight(repo);
        var folder = Directory.CreateTempSubdirectory("custody-demo-stack-");
        var settings = new StackSettings(ports, folder.FullName);
        AppHostProcess? host = null;
        var failed = false;
        try
        {
            host = await narration.StepAsync("Local stack: the AppHost starts every part as its own process", () => StartAsync(repo, folder.FullName, ct)).ConfigureAwait(false);
            var access = await StackAccess.OpenAsync(ports, settings, ct).ConfigureAwait(false);
            using var channels = GoogleCliOptions.Channels(StackSettings.ProjectId, "(default)", access.FirestoreHost, access.PubSubHost);
            await using var deadLetters = await DeadLetterWatch.StartAsync(channels, ct).ConfigureAwait(false);
            using var intake = access.Client(access.Intake, "upstream-app", StackAccess.UpstreamApp);
            using var http = new HttpClient();
            var chain = new DemoChain(new EthereumNode(http, access.Anvil));
            var scenario = new DemoScenario(access, new RequestTimeline(intake, deadLetters), intake);
            Narration.Line($"watching {deadLetters.Topics} dead-letter topics; dashboard {host.DashboardLogin ?? access.Dashboard.ToString()}");

            var wallet = await narration.StepAsync("Key ceremony: a 2-of-3 wallet through the signer's admin API", () => scenario.CreateWalletAsync(StackSettings.AnvilChainId, ct)).ConfigureAwait(false);
            var walletAddress = Address.Parse(wallet.Address);
            var token = await narration.StepAsync("Test token and funding from anvil's dev account", () => FundAsync(chain, walletAddress, ct)).ConfigureAwait(false);
            var before = await Balances.ReadAsync(chain, token, walletAddress, ct).ConfigureAwait(false);

            await narration.StepAsync("Small ETH payment to Company Secundus: allowed by policy", async () =>
            {
                var id = await scenario.SubmitAsync("payment 1", DemoRequests.Ether(DemoRequests.NewRequestId("small"), walletAddress, StackSettings.AnvilChainId, DemoRequests.Secundus, Ether / 20), "0.05 ETH to Company Secundus", ct).ConfigureAwait(false);
                await scenario.ExpectAsync("0.05 ETH to Secundus, auto-approved", id, "Confirmed", ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await narration.StepAsync("Large ETH payment to Company Secundus: Alice's and Bob's approvals", async () =>
            {
                var id = await scenario.SubmitAsync("payment 2", DemoRequests.Ether(DemoRequests.NewRequestId("large"), walletAddress, StackSettings.AnvilChainId, DemoRequests.Secundus, 2 * Ether), "2 ETH to Company Secundus", ct).ConfigureAwait(false);
                await scenario.ApproveAsync(id, ct).ConfigureAwait(false);
                await scenario.ExpectAsync("2 ETH to Secundus, approved by alice and bob", id, "Confirmed", ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await narration.StepAsync("ERC-20 payment to Company Secundus: Alice's and Bob's approvals", async () =>
            {
                var id = await scenario.SubmitAsync("payment 3", DemoRequests.Token(DemoRequests.NewRequestId("token"), walletAddress, StackSettings.AnvilChainId, token, DemoRequests.Secundus, 250 * Ether), $"250 {TestTokenContract.Symbol} to Company Secundus", ct).ConfigureAwait(false);
                await scenario.ApproveAsync(id, ct).ConfigureAwait(false);
                await scenario.ExpectAsync($"250 {TestTokenContract.Symbol} to Secundus, approved by alice and bob", id, "Confirmed", ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
            await narration.StepAsync("Payment outside the whitelist (Company Tertius): blocked", async () =>
            {
                var id = await scenario.SubmitAsync("payment 4", DemoRequests.Ether(DemoRequests.NewRequestId("outside"), walletAddress, StackSettings.AnvilChainId, DemoRequests.Tertius, Ether / 20), "0.05 ETH to Company Tertius, in no address book", ct).ConfigureAwait(false);
                await scenario.ExpectAsync("0.05 ETH to Tertius, blocked", id, "Blocked", ct).ConfigureAwait(false);
                Narration.Line("blocked: no approval is asked and nothing is signed");
            }).ConfigureAwait(false);
            await narration.StepAsync("Stuck transaction replaced", () =>
            {
                Narration.Line("NOT SHOWN BY THIS DEMO YET: the services replace a stuck transaction (the broadcaster requests it, the signer and co-signers sign it within the policy's fee cap: docs/broadcaster.md), but the demo does not make a transaction stuck, so this step is skipped.");
                return Task.CompletedTask;
            }).ConfigureAwait(false);

            var after = await Balances.ReadAsync(chain, token, walletAddress, ct).ConfigureAwait(false);
            await narration.StepAsync("Balances and audit chain", () => CheckAsync(channels, before, after, ct)).ConfigureAwait(false);
            DemoSummary.Print(narration, scenario.Outcomes, access, host.DashboardLogin);
            if (keepRunning)
            {
                DemoSummary.KeepRunning(access, wallet, token);
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // A stop that leaves processes is reported on its own line; it fails the run unless the run failed already.
            if (host is not null && !await StopAsync(host).ConfigureAwait(false) && !failed)
            {
                throw new DemoException("the stack did not stop (see above).");
            }

            folder.Delete(recursive: true);
        }
    }

    /// <summary>The tools the stack needs, each named when missing, before anything starts.</summary>
    private static void Preflight(string repo)
    {
        RepoLayout.Anvil();
        AppHostProcess.Assembly(repo);
        if (!(Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(dir => File.Exists(Path.Combine(dir, "java"))))
        {
            throw new DemoException("java is not on PATH: Google's emulators need Java 17 or later.");
        }

        try
        {
            EmulatorCommand.JavaArguments(GoogleEmulatorKind.PubSub, 1);
            EmulatorCommand.JavaArguments(GoogleEmulatorKind.Firestore, 1);
        }
        catch (InvalidOperationException ex)
        {
            throw new DemoException(ex.Message, ex);
        }
    }

    private async Task<AppHostProcess> StartAsync(string repo, string folder, CancellationToken ct)
    {
        var host = AppHostProcess.Start(repo, ports, folder);
        Narration.Line($"AppHost (pid {host.SessionId}, its own session and process group), stack folder {folder}, port base {ports.Base}");
        try
        {
            Narration.Line(await host.WaitReadyAsync(ReadyDeadline, ct).ConfigureAwait(false));
            Narration.Line($"stack sessions: {string.Join(", ", host.FindSessions().Order())} (the AppHost's and DCP's; every one is checked empty at the end)");
            return host;
        }
        catch
        {
            await StopAsync(host).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the stack and says whether any process of its session is left (false: listed on stderr).</summary>
    private static async Task<bool> StopAsync(AppHostProcess host)
    {
        var left = await host.StopAsync().ConfigureAwait(false);
        if (left.Count > 0)
        {
            await Console.Error.WriteLineAsync($"the stack did not stop: still running in its sessions {string.Join(", ", host.Sessions.Order())}: {string.Join(", ", left)}").ConfigureAwait(false);
            return false;
        }

        Console.Out.WriteLine($"stack stopped: no process is left in its sessions {string.Join(", ", host.Sessions.Order())}");
        return true;
    }

    private static async Task<Address> FundAsync(DemoChain chain, Address wallet, CancellationToken ct)
    {
        var token = await chain.DeployTokenAsync(Address.Parse(StackSettings.TestTokenAddress), ct).ConfigureAwait(false);
        Narration.Line($"test token {TestTokenContract.Symbol} deployed by {DemoChain.DevAccount} at {token}, the address the policy service's token registry and the policy name");
        var ether = await chain.SendEtherAsync(wallet, 10 * Ether, ct).ConfigureAwait(false);
        Narration.Line($"10 ETH from {DemoChain.DevAccount} to the wallet: tx {ether.TransactionHash}, block {ether.BlockNumber}");
        var tokens = await chain.SendTokenAsync(token, wallet, 1000 * Ether, ct).ConfigureAwait(false);
        Narration.Line($"1000 {TestTokenContract.Symbol} to the wallet: tx {tokens.TransactionHash}, block {tokens.BlockNumber}");
        return token;
    }

    private static async Task CheckAsync(Custody.Gcp.Channels.GoogleChannelFactory channels, Balances before, Balances after, CancellationToken ct)
    {
        Balances.PrintChange(before, after);
        var expected = (SecundusEther: Ether / 20 + 2 * Ether, SecundusToken: 250 * Ether);
        if (after.SecundusEther - before.SecundusEther != expected.SecundusEther || after.SecundusToken - before.SecundusToken != expected.SecundusToken
            || after.TertiusEther != before.TertiusEther)
        {
            throw new DemoException("the balances did not change as the scenario expects (Secundus +2.05 ETH and +250 CTT, Tertius unchanged).");
        }

        var audit = await new AuditLog(new FirestoreDatabase(channels)).VerifyAsync(ct: ct).ConfigureAwait(false);
        if (!audit.IsIntact)
        {
            throw new DemoException($"the audit chain is broken: {audit}");
        }

        Narration.Line($"audit chain: {audit.EntriesChecked} entries, intact (custody audit verify)");
    }
}
