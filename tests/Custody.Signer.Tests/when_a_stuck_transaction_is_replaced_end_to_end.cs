extern alias broadcaster;

using Custody.Chain;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Domain.Signing;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Signer.Tests.Support;
using Custody.Testing;
using BroadcastStatus = broadcaster::Custody.Broadcaster.Tracking.BroadcastStatus;

namespace Custody.Signer.Tests;

/// <summary>
/// docs/signing.md "Fee replacements", docs/broadcaster.md "Taking a replacement": the signer with two co-signers and
/// the broadcaster, each its real service, on one project of the emulators and an anvil that mines only when told.
/// An approved transfer is signed and broadcast and gets stuck; the broadcaster asks for a replacement; the signer and
/// a co-signer sign it with the bumped fees; the broadcaster submits it; one block mines whichever the pool holds;
/// the request is confirmed exactly once and the payee is paid exactly once.
/// </summary>
public sealed class when_a_stuck_transaction_is_replaced_end_to_end(PubSubEmulator pubSub, FirestoreEmulator firestore, NoMiningAnvil anvil) : IClassFixture<NoMiningAnvil>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task the_stuck_transfer_is_replaced_with_bumped_fees_mined_and_confirmed_once()
    {
        await using var stack = await SignerStack.StartAsync(pubSub, firestore, anvil);
        await using var broadcasting = BroadcasterHost.Start(stack, pubSub, firestore, replaceAfter: TimeSpan.FromSeconds(1));
        var wallet = await stack.CreateWalletAsync("treasury-flow");
        var paidBefore = await anvil.Client.GetBalanceAsync(SignerPolicy.Payee, BlockTag.Pending, Ct);

        await stack.PublishApprovedAsync(stack.Policy.Approved(SignerPolicy.Request("req-flow", "treasury-flow", Address.Parse(wallet.Address), 1m), "alice", "bob"));
        var replaced = await stack.WaitForAsync("req-flow", r => r.ReplacedTransactionHashes.Count >= 1, "a replacement signed");
        var original = replaced.ReplacedTransactionHashes[0];
        // The broadcaster took a replacement and submitted it (it may ask for more while nothing is mined).
        await Eventually.UntilAsync(async () => await broadcasting.BroadcastAsync("req-flow") is { Status: BroadcastStatus.Pending, Earlier.Count: >= 1 },
            TimeSpan.FromSeconds(300), "the broadcaster to track a replacement", Ct);

        await anvil.MineAsync();
        await Eventually.UntilAsync(async () => await broadcasting.BroadcastAsync("req-flow") is { Status: BroadcastStatus.Mined },
            TimeSpan.FromSeconds(300), "the broadcaster to see a transaction of the request mined", Ct);
        await anvil.MineAsync();
        var confirmed = await stack.WaitForStateAsync("req-flow", TransactionState.Confirmed);

        Assert.NotEqual(original, confirmed.TransactionHash);
        Assert.Contains(original, confirmed.ReplacedTransactionHashes);
        var receipt = await anvil.Client.GetTransactionReceiptAsync(Bytes32.Parse(confirmed.TransactionHash!), Ct);
        Assert.True(receipt!.Succeeded);
        Assert.Null(await anvil.Client.GetTransactionReceiptAsync(Bytes32.Parse(original), Ct));
        var events = await stack.EventsAsync(TransactionConfirmed.WireName, "req-flow");
        Assert.Single(events);
        Assert.Contains(confirmed.TransactionHash!, System.Text.Encoding.UTF8.GetString(events[0].Message.Data.Span), StringComparison.Ordinal);
        Assert.Equal(paidBefore + UInt256.Parse("1000000000000000000"), await anvil.Client.GetBalanceAsync(SignerPolicy.Payee, BlockTag.Latest, Ct));

        // Mined: by the wallet, at the same nonce, both fees at least the node's 10 % above the stuck transaction's.
        var mined = SignedTransaction.Decode(Hex.Decode(confirmed.RawTransaction!));
        var stuck = await OriginalAsync(stack);
        var (after, before) = ((DynamicFeeTransaction)mined.Transaction, (DynamicFeeTransaction)stuck.Transaction);
        Assert.Equal((original, stuck.Transaction.Nonce, Address.Parse(wallet.Address)), (stuck.Hash.ToString(), after.Nonce, mined.RecoverSender()));
        Assert.True(after.MaxFeePerGas >= ReplacementFees.Minimum(before.MaxFeePerGas, 10) && after.MaxPriorityFeePerGas >= ReplacementFees.Minimum(before.MaxPriorityFeePerGas, 10));
        var audit = await stack.AuditAsync("req-flow");
        Assert.Contains(audit, a => a.Action == "ReplacementSigned" && a.Details["replaces"] == original);
        Assert.Contains(audit, a => a.Action == "Replacing" && a.Details["replaces"] == original);
        Assert.Single(audit, a => a.Action == "Confirmed");
    }

    /// <summary>The first transaction-signed of the request: the stuck one.</summary>
    private static async Task<SignedTransaction> OriginalAsync(SignerStack stack)
    {
        var first = (await stack.SignedEventsAsync("req-flow")).Select(e => System.Text.Json.JsonDocument.Parse(e.Message.Data).RootElement)
            .MinBy(e => e.GetProperty("signedAt").GetDateTimeOffset());
        return SignedTransaction.Decode(Hex.Decode(first.GetProperty("rawTransaction").GetString()!));
    }
}
