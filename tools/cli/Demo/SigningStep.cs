using Custody.Contracts.Events;
using Custody.Domain.Intents;
using Custody.Ethereum;
using Custody.Chain.Dev;
using Custody.Chain;
using Custody.Ethereum.Transactions;
using Custody.Mpc.Keys;

namespace Custody.Cli.Demo;

/// <summary>
/// The signer, the co-signer and the broadcaster on one approved request: build the transaction, let the signer and
/// cosigner-a each verify and agree, run DKLs23; then send the raw transaction and wait for its receipt.
/// </summary>
internal static class SigningStep
{
    private static readonly TimeSpan ReceiptDeadline = TimeSpan.FromSeconds(60);

    /// <summary>The signer and cosigner-a verify, agree and sign; returns the signed transaction (not yet sent).</summary>
    public static async Task<SignedTransaction> SignAsync(DemoParts parts, TransactionIntent intent, TransactionApproved approved, CancellationToken ct)
    {
        var transaction = await TransactionBuilder.BuildAsync(parts.Anvil.Node, intent, ct).ConfigureAwait(false);
        var agreed = new List<(SigningParty Party, KeyShare Share, Bytes32 Hash)>();
        try
        {
            foreach (var vault in parts.Vaults.Take(KeyCeremony.Threshold))
            {
                var party = new SigningParty(vault, parts.Desk.Policy, parts.Desk.Registry);
                var (share, hash) = await party.AgreeAsync(intent, approved, transaction, parts.Wallet.Address, DateTimeOffset.UtcNow, ct).ConfigureAwait(false);
                agreed.Add((party, share, hash));
            }

            return ThresholdSigner.Sign(transaction, parts.Wallet.Address, agreed);
        }
        finally
        {
            foreach (var (_, share, _) in agreed)
            {
                share.Dispose();
            }
        }
    }

    /// <summary>
    /// Sends the signed transaction unless the node already has its receipt (a redelivery after a crash re-sends the
    /// same bytes, never a new signature), then waits for the receipt.
    /// </summary>
    public static async Task<TransactionReceipt> BroadcastAsync(AnvilNode anvil, SignedTransaction signed, TransactionIntent intent, CancellationToken ct)
    {
        var hash = signed.Hash;
        if (await anvil.Node.GetTransactionReceiptAsync(hash, ct).ConfigureAwait(false) is null)
        {
            var reported = await anvil.Node.SendRawTransactionAsync(signed.ToArray(), ct).ConfigureAwait(false);
            if (reported != hash)
            {
                throw new DemoException($"The node reports tx hash {reported}, the signed transaction hashes to {hash}.");
            }

            Narration.Line($"eth_sendRawTransaction: tx hash {hash} ({signed.Raw.Length} bytes raw)");
        }

        var receipt = await anvil.WaitForReceiptAsync(hash, ReceiptDeadline, ct).ConfigureAwait(false);
        Narration.Line($"receipt: block {receipt.BlockNumber}, status {(receipt.Succeeded ? 1 : 0)}, gas used {receipt.GasUsed}, effective gas price {receipt.EffectiveGasPrice} wei");
        if (!receipt.Succeeded)
        {
            throw new DemoException($"The transaction {hash} reverted (status 0).");
        }

        var balance = await anvil.Node.GetBalanceAsync(intent.Destination, BlockTag.Latest, ct).ConfigureAwait(false);
        Narration.Line($"recipient {intent.Destination} balance: {DemoRequests.Ether(balance.ToBigInteger())} ETH");
        return receipt;
    }
}
