using System.Numerics;
using Custody.Broadcaster.Tests.Support;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Custody.Testing;

namespace Custody.Broadcaster.Tests;

/// <summary>
/// docs/broadcaster.md "Fee replacement": an anvil that mines only when told. A stuck transaction gets a replacement
/// request; the test plays the signer (it records the replacement on the request, as the signer does, and publishes
/// transaction-signed); the broadcaster submits the replacement, tracks both transactions, and confirms whichever is
/// mined, exactly once.
/// </summary>
public sealed class when_a_stuck_transaction_is_replaced(PubSubEmulator pubSub, FirestoreEmulator firestore, NoMiningAnvil anvil) : IClassFixture<NoMiningAnvil>
{
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task the_replacement_is_submitted_both_are_tracked_and_the_mined_replacement_is_confirmed_once()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, replaceAfter: Soon);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var original = transfer.Signed;
        var replacement = await StuckAsync(stack, "req-r-mined", "w-r-mined", transfer);

        var signed = await stack.StoreReplacementAsync("req-r-mined", replacement);
        await stack.PublishAsync(signed);
        var pending = await stack.WaitForAsync("req-r-mined", BroadcastStatus.Pending, r => r.TransactionHash == replacement.Hash.ToString());
        Assert.Equal([original.Hash.ToString()], pending.Earlier.Select(e => e.TransactionHash));
        Assert.Contains(await stack.AuditAsync("req-r-mined"), a => a.Action == "Replacing" && a.Details["replaces"] == original.Hash.ToString());
        var broadcastHashes = (await stack.EventsAsync(TransactionBroadcast.WireName, "req-r-mined")).Select(e => e.GetProperty("transactionHash").GetString()!);
        Assert.Equal(new[] { original.Hash.ToString(), replacement.Hash.ToString() }.Order(StringComparer.Ordinal), broadcastHashes.Order(StringComparer.Ordinal));

        await anvil.MineAsync();
        await stack.WaitForAsync("req-r-mined", BroadcastStatus.Mined);
        await anvil.MineAsync(3);
        var confirmed = await stack.WaitForAsync("req-r-mined", BroadcastStatus.Confirmed);

        Assert.Equal(replacement.Hash.ToString(), confirmed.TransactionHash);
        Assert.Null(await anvil.Client.GetTransactionReceiptAsync(original.Hash, TestContext.Current.CancellationToken));
        var events = await stack.EventsAsync(TransactionConfirmed.WireName, "req-r-mined");
        Assert.Equal(replacement.Hash.ToString(), Assert.Single(events).GetProperty("transactionHash").GetString());
        var record = await stack.RecordAsync("req-r-mined");
        Assert.Equal((TransactionState.Confirmed, replacement.Hash.ToString()), (record!.State, record.TransactionHash));

        // Redeliveries of either transaction-signed change nothing.
        await stack.DeliverAsync(signed);
        Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-r-mined"));
    }

    [Fact]
    public async Task when_the_stuck_transaction_is_mined_before_its_replacement_it_wins_and_is_confirmed_once()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, replaceAfter: Soon);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var original = transfer.Signed;
        var replacement = await StuckAsync(stack, "req-r-late", "w-r-late", transfer);

        await anvil.MineAsync(); // the stuck one is mined after all, before the replacement reaches the node
        var signed = await stack.StoreReplacementAsync("req-r-late", replacement);
        await stack.PublishAsync(signed);
        await stack.WaitForAsync("req-r-late", BroadcastStatus.Mined, r => r.TransactionHash == original.Hash.ToString());
        await anvil.MineAsync(3);
        var confirmed = await stack.WaitForAsync("req-r-late", BroadcastStatus.Confirmed);

        Assert.Equal(original.Hash.ToString(), confirmed.TransactionHash);
        Assert.Equal(original.Hash.ToString(), Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-r-late")).GetProperty("transactionHash").GetString());
        Assert.Equal(original.Hash.ToString(), (await stack.RecordAsync("req-r-late"))!.TransactionHash);
        Assert.Empty(await stack.EventsAsync(TransactionFailed.WireName, "req-r-late"));
    }

    [Fact]
    public async Task a_transaction_signed_for_the_nonce_that_the_signer_did_not_record_is_refused_and_not_submitted()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, replaceAfter: Soon);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var original = transfer.Signed;
        var replacement = await StuckAsync(stack, "req-r-forged", "w-r-forged", transfer);

        // Not recorded on the request by the signer: someone else's transaction at this nonce.
        var forged = new TransactionSigned("req-r-forged", "w-r-forged", replacement.Transaction.ChainId, replacement.Transaction.Nonce.ToString(),
            Hex.Encode(replacement.Raw), replacement.Hash.ToString(), DateTimeOffset.UtcNow);
        await Assert.ThrowsAsync<InvalidDataException>(() => stack.DeliverAsync(forged));

        var broadcast = await stack.BroadcastAsync("req-r-forged");
        Assert.Equal(original.Hash.ToString(), broadcast!.TransactionHash);
        Assert.Empty(broadcast.Earlier);
    }

    /// <summary>
    /// The transfer signed and broadcast, not mined: waits for its first replacement request and signs, at its fees,
    /// the same transfer again (what the signer and co-signers do).
    /// </summary>
    private static async Task<SignedTransaction> StuckAsync(BroadcasterStack stack, string requestId, string walletId, FundedTransfer transfer)
    {
        var stuck = transfer.Signed;
        await stack.PublishAsync(await stack.StoreSignedAsync(requestId, walletId, stuck));
        await stack.WaitForAsync(requestId, BroadcastStatus.Pending, r => r.Replacements >= 1);
        var requested = (await stack.EventsAsync(TransactionReplacementRequested.WireName, requestId)).MinBy(e => e.GetProperty("attempt").GetInt32());
        Assert.Equal(stuck.Hash.ToString(), requested.GetProperty("stuckTransactionHash").GetString());
        var fees = (DynamicFeeTransaction)stuck.Transaction;
        return (fees with
        {
            MaxFeePerGas = UInt256.Create(BigInteger.Parse(requested.GetProperty("maxFeePerGas").GetString()!)),
            MaxPriorityFeePerGas = UInt256.Create(BigInteger.Parse(requested.GetProperty("maxPriorityFeePerGas").GetString()!)),
        }).Sign(transfer.Key);
    }
}
