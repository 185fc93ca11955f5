using Custody.Chain.Dev;
using Custody.Broadcaster.Tests.Support;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Ethereum;
using Custody.Testing;

namespace Custody.Broadcaster.Tests;

/// <summary>
/// docs/broadcaster.md: the broadcaster hosted in-process against the emulators and an anvil node of this class
/// (auto-mining, so a submitted transaction is mined at once; confirmations come from blocks the test mines).
/// </summary>
public sealed class when_a_signed_transaction_is_broadcast(PubSubEmulator pubSub, FirestoreEmulator firestore, AnvilFixture anvil) : IClassFixture<AnvilFixture>
{
    [Fact]
    public async Task it_is_submitted_published_as_broadcast_and_confirmed_only_after_three_blocks()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-confirm", "w-confirm", signed));

        var mined = await stack.WaitForAsync("req-b-confirm", BroadcastStatus.Mined);
        var receipt = await anvil.Client.GetTransactionReceiptAsync(signed.Hash, Ct);
        Assert.Equal((receipt!.BlockNumber, receipt.BlockHash.ToString()), (mined.BlockNumber!.Value, mined.BlockHash));
        Assert.Single(await stack.EventsAsync(TransactionBroadcast.WireName, "req-b-confirm"));
        // One confirmation (the inclusion block) of three: not confirmed, however often the tracker looks.
        Assert.Empty(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-confirm"));
        Assert.Equal(TransactionState.Broadcast, (await stack.RecordAsync("req-b-confirm"))!.State);

        await anvil.MineAsync(2);
        await stack.WaitForAsync("req-b-confirm", BroadcastStatus.Confirmed);

        var confirmed = Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-confirm"));
        Assert.Equal(signed.Hash.ToString(), confirmed.GetProperty("transactionHash").GetString());
        Assert.Equal(receipt.BlockHash.ToString(), confirmed.GetProperty("blockHash").GetString());
        Assert.Equal(3, confirmed.GetProperty("confirmations").GetInt32());
        var record = (await stack.RecordAsync("req-b-confirm"))!;
        Assert.Equal(TransactionState.Confirmed, record.State);
        Assert.Equal(receipt.BlockHash.ToString(), record.Receipt!.BlockHash);
        Assert.Equal(["Submitting", "Broadcast", "Mined", "Confirmed"], (await stack.AuditAsync("req-b-confirm")).Select(a => a.Action));
    }

    [Fact]
    public async Task a_duplicate_delivery_broadcasts_once_and_confirms_once()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        var @event = await stack.StoreSignedAsync("req-b-dup", "w-dup", signed);

        await stack.PublishAsync(@event);
        await stack.PublishAsync(@event);
        await stack.WaitForAsync("req-b-dup", BroadcastStatus.Mined);
        await stack.DeliverAsync(@event);
        await anvil.MineAsync(2);
        await stack.WaitForAsync("req-b-dup", BroadcastStatus.Confirmed);
        await stack.DeliverAsync(@event);

        Assert.Single(await stack.EventsAsync(TransactionBroadcast.WireName, "req-b-dup"));
        Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-dup"));
        Assert.Single(await stack.AuditAsync("req-b-dup"), a => a.Action == "Confirmed");
    }

    [Fact]
    public async Task nonce_too_low_because_our_own_transaction_is_already_mined_is_success()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        await anvil.Client.SendRawTransactionAsync(signed.Raw.ToArray(), Ct);
        await anvil.WaitForReceiptAsync(signed.Hash);

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-mined", "w-mined", signed));
        await stack.WaitForAsync("req-b-mined", BroadcastStatus.Mined);
        await anvil.MineAsync(2);
        await stack.WaitForAsync("req-b-mined", BroadcastStatus.Confirmed);

        Assert.Equal("already-mined", (await stack.AuditAsync("req-b-mined")).Single(a => a.Action == "Broadcast").Details["submission"]);
        Assert.Single(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-mined"));
        Assert.Empty(await stack.EventsAsync(TransactionFailed.WireName, "req-b-mined"));
    }

    [Fact]
    public async Task nonce_too_low_because_another_transaction_took_the_nonce_fails_the_request()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var key = await Wallets.FundedKeyAsync(anvil);
        var nonce = await Wallets.NonceAsync(anvil, key);
        var other = Wallets.Transfer(anvil, key, nonce, value: 7);
        await anvil.Client.SendRawTransactionAsync(other.Raw.ToArray(), Ct);
        await anvil.WaitForReceiptAsync(other.Hash);
        var ours = Wallets.Transfer(anvil, key, nonce, value: 8);

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-taken", "w-taken", ours));
        var failed = await stack.WaitForAsync("req-b-taken", BroadcastStatus.Failed);

        Assert.Contains($"nonce {nonce} was already used by another transaction", failed.Note, StringComparison.Ordinal);
        var @event = Assert.Single(await stack.EventsAsync(TransactionFailed.WireName, "req-b-taken"));
        Assert.Equal("broadcast", @event.GetProperty("stage").GetString());
        Assert.Equal(ours.Hash.ToString(), @event.GetProperty("transactionHash").GetString());
        Assert.Empty(await stack.EventsAsync(TransactionBroadcast.WireName, "req-b-taken"));
        Assert.Equal(TransactionState.Failed, (await stack.RecordAsync("req-b-taken"))!.State);
    }

    [Fact]
    public async Task a_reverted_transaction_fails_with_the_revert_reason_after_its_confirmations()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var deployer = await Wallets.FundedKeyAsync(anvil);
        var deploy = new Ethereum.Transactions.DynamicFeeTransaction
        {
            ChainId = anvil.ChainId, Nonce = await Wallets.NonceAsync(anvil, deployer), MaxPriorityFeePerGas = 1_000_000_000, MaxFeePerGas = 2_000_000_000,
            GasLimit = 3_000_000, To = null, Data = TestTokenContract.InitCode(),
        }.Sign(deployer);
        await anvil.Client.SendRawTransactionAsync(deploy.Raw.ToArray(), Ct);
        var token = (await anvil.WaitForReceiptAsync(deploy.Hash)).ContractAddress!.Value;
        using var holderless = await Wallets.FundedKeyAsync(anvil);
        // A key that holds no tokens transfers some: the token reverts with "insufficient balance".
        var transfer = Wallets.Transfer(anvil, holderless, await Wallets.NonceAsync(anvil, holderless), value: 0, to: token,
            data: new Ethereum.Abi.Erc20Transfer(Wallets.Payee, 5).Encode(), gasLimit: 100_000);

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-revert", "w-revert", transfer));
        await stack.WaitForAsync("req-b-revert", BroadcastStatus.Mined);
        await anvil.MineAsync(2);
        var failed = await stack.WaitForAsync("req-b-revert", BroadcastStatus.Failed);

        Assert.Equal("reverted: insufficient balance", failed.Note);
        var @event = Assert.Single(await stack.EventsAsync(TransactionFailed.WireName, "req-b-revert"));
        Assert.Equal(("chain", "reverted: insufficient balance"), (@event.GetProperty("stage").GetString(), @event.GetProperty("reason").GetString()));
        Assert.Empty(await stack.EventsAsync(TransactionConfirmed.WireName, "req-b-revert"));
        Assert.Equal(TransactionState.Failed, (await stack.RecordAsync("req-b-revert"))!.State);
    }

    [Fact]
    public async Task a_restart_in_the_middle_of_tracking_confirms_exactly_once()
    {
        string projectId;
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        await using (var first = BroadcasterStack.Start(pubSub, firestore, anvil))
        {
            projectId = first.ProjectId;
            await first.PublishAsync(await first.StoreSignedAsync("req-b-restart", "w-restart", signed));
            await first.WaitForAsync("req-b-restart", BroadcastStatus.Mined);
        }

        await anvil.MineAsync(2);
        await using var second = BroadcasterStack.Start(pubSub, firestore, anvil, projectId: projectId);
        await using var third = BroadcasterStack.Start(pubSub, firestore, anvil, projectId: projectId);
        await second.WaitForAsync("req-b-restart", BroadcastStatus.Confirmed);

        // Two instances tracked the same broadcast after the restart: one confirmation event, one audit entry.
        Assert.Single(await second.EventsAsync(TransactionConfirmed.WireName, "req-b-restart"));
        Assert.Single(await second.EventsAsync(TransactionBroadcast.WireName, "req-b-restart"));
        Assert.Single(await second.AuditAsync("req-b-restart"), a => a.Action == "Confirmed");
    }

    [Fact]
    public async Task a_malformed_event_is_dead_lettered_with_its_reason_and_changes_nothing()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        var @event = await stack.StoreSignedAsync("req-b-malformed", "w-malformed", signed);

        // The hash is not the raw transaction's: a tampered or broken event.
        await stack.PublishAsync(@event with { TransactionHash = "0x" + new string('0', 64) });
        var dead = await stack.DeadLetterAsync("req-b-malformed");

        Assert.Equal("invalid-data", dead.Attributes["custody-dead-letter-reason"]);
        Assert.Contains("transactionHash is not the Keccak-256 of rawTransaction", dead.Attributes["custody-dead-letter-detail"], StringComparison.Ordinal);
        Assert.Null(await stack.BroadcastAsync("req-b-malformed"));
        Assert.Null(await anvil.Client.GetTransactionByHashAsync(signed.Hash, Ct));
        Assert.Equal(TransactionState.Signed, (await stack.RecordAsync("req-b-malformed"))!.State);
    }

    [Fact]
    public async Task an_event_whose_transaction_is_not_the_one_the_signer_stored_is_refused_and_not_submitted()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var key = await Wallets.FundedKeyAsync(anvil);
        var nonce = await Wallets.NonceAsync(anvil, key);
        var stored = await stack.StoreSignedAsync("req-b-swapped", "w-swapped", Wallets.Transfer(anvil, key, nonce, value: 1));
        // Someone with another validly signed transaction publishes it under the stored request.
        var swapped = Wallets.Transfer(anvil, key, nonce, value: 1_000_000);
        var forged = stored with { RawTransaction = Hex.Encode(swapped.Raw), TransactionHash = swapped.Hash.ToString() };

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => stack.DeliverAsync(forged));

        Assert.Contains("not the one the signer stored", refused.Message, StringComparison.Ordinal);
        Assert.Null(await stack.BroadcastAsync("req-b-swapped"));
        Assert.Null(await anvil.Client.GetTransactionByHashAsync(swapped.Hash, Ct));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
