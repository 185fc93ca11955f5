using System.Numerics;
using Custody.Broadcaster.Tests.Support;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Ethereum;
using Custody.Testing;

namespace Custody.Broadcaster.Tests;

/// <summary>
/// An anvil that mines nothing on its own (automine off for the whole class): transactions stay in the pool, so the
/// broadcaster sees "already known" and, after <see cref="BroadcasterOptions.ReplaceAfter"/>, asks for a replacement.
/// </summary>
public sealed class when_a_transaction_is_not_mined(PubSubEmulator pubSub, FirestoreEmulator firestore, NoMiningAnvil anvil) : IClassFixture<NoMiningAnvil>
{
    private static readonly TimeSpan Soon = TimeSpan.FromMilliseconds(300);

    /// <summary>Waits for the first replacement request of a request and returns its event (later attempts may follow).</summary>
    private static async Task<System.Text.Json.JsonElement> FirstReplacementAsync(BroadcasterStack stack, string requestId)
    {
        await stack.WaitForAsync(requestId, BroadcastStatus.Pending, r => r.Replacements >= 1);
        return (await stack.EventsAsync(TransactionReplacementRequested.WireName, requestId)).MinBy(e => e.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task a_transaction_the_pool_already_has_is_broadcast_as_already_known()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;
        await anvil.Client.SendRawTransactionAsync(signed.Raw.ToArray(), TestContext.Current.CancellationToken);

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-known", "w-known", signed));
        await stack.WaitForAsync("req-b-known", BroadcastStatus.Pending);

        Assert.Equal("already-known", (await stack.AuditAsync("req-b-known")).Single(a => a.Action == "Broadcast").Details["submission"]);
        Assert.Single(await stack.EventsAsync(TransactionBroadcast.WireName, "req-b-known"));
    }

    [Fact]
    public async Task a_transaction_not_mined_in_time_gets_a_replacement_with_bumped_fees_under_the_cap()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, replaceAfter: Soon);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-stuck", "w-stuck", signed, BroadcasterPolicies.Roomy));
        var replacement = await FirstReplacementAsync(stack, "req-b-stuck");
        Assert.Equal(1, replacement.GetProperty("attempt").GetInt32());
        Assert.False(replacement.GetProperty("requiresNewApproval").GetBoolean());
        Assert.Equal((signed.Hash.ToString(), signed.Transaction.Nonce.ToString()),
            (replacement.GetProperty("stuckTransactionHash").GetString(), replacement.GetProperty("nonce").GetString()));
        var maxFee = BigInteger.Parse(replacement.GetProperty("maxFeePerGas").GetString()!);
        var tip = BigInteger.Parse(replacement.GetProperty("maxPriorityFeePerGas").GetString()!);
        // At least the node's 10 % replacement minimum on both fees (12.5 % configured), and under the cap of 100 gwei.
        Assert.InRange(maxFee, new BigInteger(2_250_000_000), new BigInteger(100_000_000_000));
        Assert.InRange(tip, new BigInteger(1_125_000_000), maxFee);

        // The node takes a replacement at these fees: the bump is enough for its price-bump rule.
        var replaced = new Ethereum.Transactions.DynamicFeeTransaction
        {
            ChainId = anvil.ChainId, Nonce = signed.Transaction.Nonce, MaxFeePerGas = UInt256.Create(maxFee), MaxPriorityFeePerGas = UInt256.Create(tip),
            GasLimit = 21_000, To = Wallets.Payee, Value = 1_000,
        }.Sign(transfer.Key);
        Assert.Equal(replaced.Hash, await anvil.Client.SendRawTransactionAsync(replaced.Raw.ToArray(), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_replacement_above_the_policys_fee_cap_says_new_approvals_are_required()
    {
        await using var stack = BroadcasterStack.Start(pubSub, firestore, anvil, replaceAfter: Soon);
        using var transfer = await Wallets.FundedTransferAsync(anvil);
        var signed = transfer.Signed;

        await stack.PublishAsync(await stack.StoreSignedAsync("req-b-capped", "w-capped", signed, BroadcasterPolicies.Tight));
        var replacement = await FirstReplacementAsync(stack, "req-b-capped");
        Assert.True(replacement.GetProperty("requiresNewApproval").GetBoolean());
        Assert.StartsWith("fee-above-cap", replacement.GetProperty("approvalReason").GetString(), StringComparison.Ordinal);
        Assert.True(BigInteger.Parse(replacement.GetProperty("maxFeePerGas").GetString()!) > new BigInteger(2_100_000_000));
        Assert.Contains(await stack.AuditAsync("req-b-capped"), a => a.Action == "ReplacementRequested" && a.Details["requiresNewApproval"] == "true");
    }
}
