using Custody.Chain;

namespace Custody.Ethereum.Tests.Anvil;

/// <summary>anvil without auto-mining, so transactions wait in the pool.</summary>
public sealed class when_the_pool_holds_pending_transactions(NoMiningAnvilFixture anvil) : IClassFixture<NoMiningAnvilFixture>
{
    [Fact]
    public async Task resubmitting_the_same_transaction_is_reported_as_already_known()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var signed = (await Funded.Eip1559Async(anvil, sender, sender.Address, 1)).Sign(sender);
        await anvil.Client.SendRawTransactionAsync(signed.ToArray());

        await Assert.ThrowsAsync<AlreadyKnownException>(() => anvil.Client.SendRawTransactionAsync(signed.ToArray()));
    }

    [Fact]
    public async Task replacing_without_raising_fees_is_reported_as_underpriced()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var first = await Funded.Eip1559Async(anvil, sender, sender.Address, 1);
        await anvil.Client.SendRawTransactionAsync(first.Sign(sender).ToArray());

        var replacement = first with { Value = 2 };
        await Assert.ThrowsAsync<ReplacementUnderpricedException>(
            () => anvil.Client.SendRawTransactionAsync(replacement.Sign(sender).ToArray()));
    }

    [Fact]
    public async Task the_pending_nonce_counts_pooled_transactions_and_the_latest_does_not()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var signed = (await Funded.Eip1559Async(anvil, sender, sender.Address, 1)).Sign(sender);
        await anvil.Client.SendRawTransactionAsync(signed.ToArray());

        Assert.Equal(1UL, await anvil.Client.GetTransactionCountAsync(sender.Address, BlockTag.Pending));
        Assert.Equal(0UL, await anvil.Client.GetTransactionCountAsync(sender.Address, BlockTag.Latest));
        var pending = await anvil.Client.GetTransactionByHashAsync(signed.Hash);
        Assert.NotNull(pending);
        Assert.Null(pending.BlockNumber);
    }

    [Fact]
    public async Task waiting_for_the_receipt_of_an_unmined_transaction_times_out_and_succeeds_once_mined()
    {
        using var sender = await Funded.NewKeyAsync(anvil);
        var signed = (await Funded.Eip1559Async(anvil, sender, sender.Address, 1)).Sign(sender);
        await anvil.Client.SendRawTransactionAsync(signed.ToArray());

        await Assert.ThrowsAsync<TimeoutException>(() => anvil.WaitForReceiptAsync(signed.Hash, TimeSpan.FromMilliseconds(300)));

        await anvil.MineAsync();
        var receipt = await anvil.WaitForReceiptAsync(signed.Hash);
        Assert.Equal(signed.Hash, receipt.TransactionHash);
    }
}
