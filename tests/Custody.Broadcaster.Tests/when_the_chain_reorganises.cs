using Custody.Broadcaster.Tests.Support;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Testing;

namespace Custody.Broadcaster.Tests;

/// <summary>
/// A reorg on anvil (evm_snapshot before the transaction, evm_revert after it was mined): the receipt's block is gone,
/// the broadcaster notices, tracks again from Pending, resubmits, and confirms once on the new chain. An anvil of its own:
/// reverting the chain would disturb other tests.
/// </summary>
public sealed class when_the_chain_reorganises(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task a_mined_transaction_whose_block_is_reorganised_away_is_tracked_again_and_confirmed_once()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        var snapshot = await anvil.SnapshotAsync();

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-reorg", "w-reorg", signed));
        var first = await stack.WaitForAsync("req-b-reorg", BroadcastStatus.Mined);
        Assert.True(await anvil.RevertAsync(snapshot));
        var again = await stack.WaitForAsync("req-b-reorg", BroadcastStatus.Mined, r => r.Reorgs >= 1);
        await anvil.MineAsync(3);
        var confirmed = await stack.WaitForAsync("req-b-reorg", BroadcastStatus.Confirmed);

        var receipt = await anvil.Client.GetTransactionReceiptAsync(signed.Hash, TestContext.Current.CancellationToken);
        Assert.Equal(receipt!.BlockHash.ToString(), confirmed.BlockHash);
        Assert.NotEqual(first.BlockHash, again.BlockHash);
        var @event = Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-reorg"));
        Assert.Equal(receipt.BlockHash.ToString(), @event.GetProperty("blockHash").GetString());
        Assert.Contains(await stack.AuditAsync("req-b-reorg"), a => a.Action == "Reorganised" && a.Details["droppedBlockHash"] == first.BlockHash);
    }
}
