using System.Numerics;
using System.Security.Cryptography;
using Custody.Contracts.Approvals;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Rpc;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Demo;

/// <summary>The demo's flow, step by step (docs/demo.md). Everything it starts is stopped when it returns.</summary>
internal sealed class DemoRun(Narration narration)
{
    private static readonly TimeSpan ReceiptDeadline = TimeSpan.FromSeconds(60);

    public async Task RunAsync(bool keepRunning, CancellationToken ct)
    {
        var walletId = "demo-wallet-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var keyFolder = Directory.CreateTempSubdirectory("custody-demo-keys-");
        var vaults = new List<PartyVault>();
        LocalStack? stack = null;
        ApprovalDesk? desk = null;
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
            var approved = await narration.StepAsync("Request 1.5 ETH: policy, approvals, evidence", () => Task.FromResult(Approve(desk, wallet, anvil.ChainId))).ConfigureAwait(false);
            await narration.StepAsync("Request 6 ETH: policy", () => Task.FromResult(Block(desk, wallet, anvil.ChainId))).ConfigureAwait(false);
            var signed = await narration.StepAsync(
                "Threshold signing: signer + cosigner-a",
                () => SignAsync(anvil.Rpc, desk, vaults, wallet, approved.Intent, approved.Evidence, ct)).ConfigureAwait(false);
            await narration.StepAsync("Broadcast and receipt", () => BroadcastAsync(anvil, signed, approved.Intent, ct)).ConfigureAwait(false);
            narration.Summary();
            NotBuiltYet();
            if (keepRunning)
            {
                Console.Out.WriteLine();
                Console.Out.WriteLine("--keep-running: the local stack stays up until Ctrl+C.");
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
        }
        finally
        {
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
        var balance = await anvil.Rpc.GetBalanceAsync(wallet.Address, BlockTag.Latest, ct).ConfigureAwait(false);
        Narration.Line($"anvil_setBalance {wallet.Address}: balance {DemoRequests.Ether(balance.ToBigInteger())} ETH");
    }

    private static (TransactionIntent Intent, ApprovalEvidence Evidence) Approve(ApprovalDesk desk, DemoWallet wallet, ulong chainId)
    {
        var now = DateTimeOffset.UtcNow;
        var intent = TransactionIntent.Create(DemoRequests.NativeTransfer(wallet, chainId, NewRequestId(), 1500, now));
        DemoRequests.Describe(intent);
        var decision = desk.Evaluate(intent, now);
        Narration.Line($"policy decision: {decision.Kind.ToWire()} (rule {decision.RuleId}, policy {decision.PolicyId})");
        if (decision.Kind != PolicyDecisionKind.RequireApproval)
        {
            throw new DemoException($"Expected REQUIRE_APPROVAL for 1.5 ETH, the policy says {decision.Kind.ToWire()}.");
        }

        var evidence = desk.CollectApprovals(intent, decision, now);
        var verdict = EvidenceVerifier.Verify(evidence, intent, desk.Policy, desk.Registry, now);
        if (!verdict.IsApproved)
        {
            throw new DemoException($"The evidence is not approved: {string.Join("; ", verdict.Failures)}");
        }

        Narration.Line($"evidence: {evidence.Approvals.Count} approvals under rule {evidence.RuleId} -> approved");
        return (intent, evidence);
    }

    private static bool Block(ApprovalDesk desk, DemoWallet wallet, ulong chainId)
    {
        var now = DateTimeOffset.UtcNow;
        var intent = TransactionIntent.Create(DemoRequests.NativeTransfer(wallet, chainId, NewRequestId(), 6000, now));
        DemoRequests.Describe(intent);
        var decision = desk.Evaluate(intent, now);
        if (decision.Kind != PolicyDecisionKind.Block)
        {
            throw new DemoException($"Expected BLOCK for 6 ETH, the policy says {decision.Kind.ToWire()}.");
        }

        Narration.Line($"policy decision: {decision.Kind.ToWire()} (rule {decision.RuleId}): no approval is asked, nothing is signed");
        return true;
    }

    private static async Task<SignedTransaction> SignAsync(
        EthereumRpcClient rpc, ApprovalDesk desk, List<PartyVault> vaults, DemoWallet wallet, TransactionIntent intent, ApprovalEvidence evidence, CancellationToken ct)
    {
        var transaction = await TransactionBuilder.BuildAsync(rpc, intent, ct).ConfigureAwait(false);
        var agreed = new List<(SigningParty Party, KeyShare Share, Bytes32 Hash)>();
        try
        {
            foreach (var vault in vaults.Take(KeyCeremony.Threshold))
            {
                var party = new SigningParty(vault, desk.Policy, desk.Registry);
                var (share, hash) = await party.AgreeAsync(intent, evidence, transaction, DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
                agreed.Add((party, share, hash));
            }

            return ThresholdSigner.Sign(transaction, wallet.Address, agreed);
        }
        finally
        {
            foreach (var (_, share, _) in agreed)
            {
                share.Dispose();
            }
        }
    }

    private static async Task BroadcastAsync(AnvilNode anvil, SignedTransaction signed, TransactionIntent intent, CancellationToken ct)
    {
        var hash = await anvil.Rpc.SendRawTransactionAsync(signed.ToArray(), ct).ConfigureAwait(false);
        if (hash != signed.Hash)
        {
            throw new DemoException($"The node reports tx hash {hash}, the signed transaction hashes to {signed.Hash}.");
        }

        Narration.Line($"eth_sendRawTransaction: tx hash {hash} ({signed.Raw.Length} bytes raw)");
        var receipt = await anvil.WaitForReceiptAsync(hash, ReceiptDeadline, ct).ConfigureAwait(false);
        Narration.Line($"receipt: block {receipt.BlockNumber}, status {(receipt.Succeeded ? 1 : 0)}, gas used {receipt.GasUsed}, effective gas price {receipt.EffectiveGasPrice} wei");
        if (!receipt.Succeeded)
        {
            throw new DemoException($"The transaction {hash} reverted (status 0).");
        }

        var balance = await anvil.Rpc.GetBalanceAsync(intent.Destination, BlockTag.Latest, ct).ConfigureAwait(false);
        Narration.Line($"recipient {intent.Destination} balance: {DemoRequests.Ether(balance.ToBigInteger())} ETH");
    }

    private static string NewRequestId() => "req-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    private static void NotBuiltYet()
    {
        Console.Out.WriteLine();
        Console.Out.WriteLine("Not built yet (this demo runs the libraries in one process instead):");
        Console.Out.WriteLine("    the five services (gateway, policy, signer, co-signer, broadcaster) and their deployment;");
        Console.Out.WriteLine("    the MPC parties talk in memory here, not over the network between separate nodes;");
        Console.Out.WriteLine("    Confidential Space attestation of the signer and KMS/HSM key encryption (the dev-file KEK is used);");
        Console.Out.WriteLine("    an approver console (approvals are signed by in-memory P-256 keys, not WebAuthn passkeys).");
    }
}
