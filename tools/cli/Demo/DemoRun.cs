using System.Diagnostics;
using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Chain.Dev;
using Custody.Chain;
using Custody.Messaging;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Demo;

/// <summary>The demo's flow, step by step (docs/demo.md). Everything it starts is stopped when it returns.</summary>
internal sealed class DemoRun(Narration narration)
{
    private static readonly TimeSpan OutcomeDeadline = TimeSpan.FromMinutes(2);
    private static readonly ActivitySource Requests = new("Custody.Demo");

    public async Task RunAsync(bool keepRunning, CancellationToken ct)
    {
        using var tracing = ListenToTraces();
        var walletId = "demo-wallet-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var keyFolder = Directory.CreateTempSubdirectory("custody-demo-keys-");
        var vaults = new List<PartyVault>();
        LocalStack? stack = null;
        ApprovalDesk? desk = null;
        DemoBus? bus = null;
        try
        {
            stack = await narration.StepAsync("Local stack: Pub/Sub + Firestore emulators, anvil", () => LocalStack.StartAsync(ct)).ConfigureAwait(false);
            vaults.Add(new PartyVault("signer", PartyId.Create(1), walletId, keyFolder.FullName));
            vaults.Add(new PartyVault("cosigner-a", PartyId.Create(2), walletId, keyFolder.FullName));
            vaults.Add(new PartyVault("cosigner-b", PartyId.Create(3), walletId, keyFolder.FullName));
            var wallet = await narration.StepAsync("Key ceremony: 2-of-3 DKG, shares sealed", () => KeyCeremony.RunAsync(walletId, vaults, ct)).ConfigureAwait(false);
            var anvil = stack.Anvil;
            await narration.StepAsync("Fund the wallet on anvil", () => FundAsync(anvil, wallet, ct)).ConfigureAwait(false);
            desk = await narration.StepAsync("Policy and approvers", () => Task.FromResult(ApprovalDesk.Open())).ConfigureAwait(false);
            var outcomes = new DemoOutcomes();
            var approvals = desk;
            bus = await narration.StepAsync(
                "Bus and state: topics, dead-letter topics, handlers, outbox relay",
                () => DemoBus.StartAsync(stack, database => new DemoParts(approvals, vaults, wallet, anvil, database, outcomes), ct)).ConfigureAwait(false);
            await narration.StepAsync("Request 6 ETH -> policy", () => RequestAsync(bus, wallet, anvil.ChainId, 6000, "BLOCK", ct)).ConfigureAwait(false);
            await narration.StepAsync("Request 1.5 ETH -> approval, signing, broadcast", () => RequestAsync(bus, wallet, anvil.ChainId, 1500, "CONFIRMED", ct)).ConfigureAwait(false);
            await narration.StepAsync("Audit chain", () => VerifyAuditAsync(bus, ct)).ConfigureAwait(false);
            narration.Summary();
            NotBuiltYet();
            if (keepRunning)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine($"--keep-running: the local stack stays up until Ctrl+C (Pub/Sub {stack.PubSub.Host}, Firestore {stack.Firestore.Host}, anvil {anvil.Endpoint}, project {bus.ProjectId}).");
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
        }
        finally
        {
            if (bus is not null)
            {
                await bus.DisposeAsync().ConfigureAwait(false);
            }

            desk?.Dispose();
            foreach (var vault in vaults)
            {
                vault.Dispose();
            }

            if (stack is not null)
            {
                await stack.DisposeAsync().ConfigureAwait(false);
            }

            keyFolder.Delete(recursive: true);
        }
    }

    private static async Task FundAsync(AnvilNode anvil, DemoWallet wallet, CancellationToken ct)
    {
        var amount = UInt256.Create(DemoRequests.WeiPerEther * 10);
        await anvil.FundAsync(wallet.Address, amount, ct).ConfigureAwait(false);
        var balance = await anvil.Node.GetBalanceAsync(wallet.Address, BlockTag.Latest, ct).ConfigureAwait(false);
        Narration.Line($"anvil_setBalance {wallet.Address}: balance {DemoRequests.Ether(balance.ToBigInteger())} ETH");
    }

    /// <summary>Publishes a transaction-requested event (in its own trace) and waits for the handlers' outcome.</summary>
    private static async Task RequestAsync(DemoBus bus, DemoWallet wallet, ulong chainId, int milliEther, string expected, CancellationToken ct)
    {
        var request = DemoRequests.NativeTransfer(wallet, chainId, "req-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)), milliEther, DateTimeOffset.UtcNow);
        using (var activity = Requests.StartActivity("request " + request.RequestId))
        {
            Narration.Line($"publish {DemoEvents.Requested.WireName} {request.RequestId} to {DemoEvents.RequestedTopic} (trace {activity?.TraceId.ToString() ?? "none"})");
            await bus.Bus.PublishAsync(request, wallet.WalletId, ct).ConfigureAwait(false);
        }

        var outcome = await bus.Parts.Outcomes.WaitAsync(request.RequestId, OutcomeDeadline, ct).ConfigureAwait(false);
        if (!outcome.StartsWith(expected, StringComparison.Ordinal))
        {
            throw new DemoException($"Request {request.RequestId} ended {outcome}, expected {expected}.");
        }

        Narration.Line($"outcome of {request.RequestId}: {outcome}");
    }

    private static async Task VerifyAuditAsync(DemoBus bus, CancellationToken ct)
    {
        var verification = await bus.Parts.Audit.VerifyAsync(ct: ct).ConfigureAwait(false);
        if (!verification.IsIntact)
        {
            throw new DemoException($"audit chain broken: {verification}");
        }

        Narration.Line($"audit chain: {verification.EntriesChecked} entries, intact");
    }

    /// <summary>Records the demo's and the messaging layer's spans so that trace ids exist and propagate.</summary>
    private static ActivityListener ListenToTraces()
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Custody.Demo" or MessagingTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static void NotBuiltYet()
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine("Not built yet (this demo runs the libraries in one process instead):");
        Console.Out.WriteLine("    the services as separate processes (the policy service's own handler and vote recorder run in this process;");
        Console.Out.WriteLine("    intake's validation is done inline; signer, co-signer and broadcaster are not services yet) and their deployment;");
        Console.Out.WriteLine("    the MPC parties talk in memory here, not over the network between separate nodes;");
        Console.Out.WriteLine("    Confidential Space attestation of the signer and KMS/HSM key encryption (the dev-file KEK is used);");
        Console.Out.WriteLine("    an approver console (approvals are signed by in-memory P-256 keys, not WebAuthn passkeys);");
        Console.Out.WriteLine("    nonce management and fee replacement (the nonce is read from the node when signing).");
    }
}
