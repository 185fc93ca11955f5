using Custody.Broadcaster.Broadcasting;
using Custody.Broadcaster.Tests.Support;
using Custody.Broadcaster.Tracking;
using Custody.Contracts.Events;
using Custody.Domain.Policies;
using Custody.Ethereum;
using Custody.Ethereum.Signing;
using Custody.Ethereum.Transactions;

namespace Custody.Broadcaster.Tests;

/// <summary>The checks that need no node: the shape check of transaction-signed (each field's negative case) and the fee bump of a replacement.</summary>
public sealed class when_checking_events_and_bumping_fees
{
    private static readonly PrivateKey Key = PrivateKey.Generate();

    private static SignedTransaction Signed(UInt256 maxFee, UInt256 tip, ulong nonce = 4) => new DynamicFeeTransaction
    {
        ChainId = 31337, Nonce = nonce, MaxFeePerGas = maxFee, MaxPriorityFeePerGas = tip, GasLimit = 21_000, To = Wallets.Payee, Value = 1,
    }.Sign(Key);

    private static TransactionSigned Event(SignedTransaction signed) =>
        new("req-1", "w-1", signed.Transaction.ChainId, signed.Transaction.Nonce.ToString(), Hex.Encode(signed.Raw), signed.Hash.ToString(), DateTimeOffset.UtcNow);

    [Fact]
    public void a_consistent_event_has_no_problems() => Assert.Empty(SignedEventCheck.Problems(Event(Signed(2, 1))));

    [Theory]
    [InlineData("hash", "transactionHash is not the Keccak-256 of rawTransaction")]
    [InlineData("chain", "chainId is not the raw transaction's chain id")]
    [InlineData("nonce", "nonce is not the raw transaction's nonce")]
    [InlineData("not-hex", "rawTransaction is not 0x-prefixed hex")]
    [InlineData("garbage", "rawTransaction is not a valid signed transaction")]
    [InlineData("request", "requestId is not a storable request id")]
    [InlineData("wallet", "walletId is empty")]
    public void an_inconsistent_event_names_the_field(string damage, string problem)
    {
        var good = Event(Signed(2, 1));
        var bad = damage switch
        {
            "hash" => good with { TransactionHash = "0x" + new string('1', 64) },
            "chain" => good with { ChainId = 1 },
            "nonce" => good with { Nonce = "5" },
            "not-hex" => good with { RawTransaction = "zz" },
            "garbage" => good with { RawTransaction = "0x02c0ffee" },
            "request" => good with { RequestId = "a/b" },
            _ => good with { WalletId = " " },
        };

        Assert.Contains(problem, SignedEventCheck.Problems(bad));
    }

    [Fact]
    public void both_fees_rise_by_at_least_the_percentage_and_the_max_fee_covers_the_base_fee()
    {
        var cap = new FeeCap(UInt256.Parse("100000000000"), UInt256.Parse("10000000000000000"), null);

        var bump = FeeBump.For(Signed(2_000_000_000, 1_000_000_000), 12.5, baseFee: 100, cap);
        var market = FeeBump.For(Signed(2_000_000_000, 1_000_000_000), 10, baseFee: 5_000_000_000, cap);

        Assert.Equal((UInt256.Parse("2250000000"), UInt256.Parse("1125000000"), false), (bump.MaxFeePerGas, bump.MaxPriorityFeePerGas, bump.RequiresNewApproval));
        Assert.Equal(UInt256.Parse("11100000000"), market.MaxFeePerGas);
    }

    [Fact]
    public void a_zero_fee_still_rises_and_a_bump_below_the_nodes_minimum_is_refused()
    {
        var bump = FeeBump.For(Signed(0, 0), 10, baseFee: null, cap: null);

        Assert.Equal((UInt256.One, UInt256.One), (bump.MaxFeePerGas, bump.MaxPriorityFeePerGas));
        Assert.Throws<ArgumentOutOfRangeException>(() => FeeBump.For(Signed(2, 1), 9.9, null, null));
    }

    [Fact]
    public void fees_above_the_cap_or_without_a_cap_need_new_approvals_and_are_not_clipped()
    {
        var tight = new FeeCap(UInt256.Parse("2100000000"), UInt256.Parse("10000000000000000"), null);
        var tipCap = new FeeCap(UInt256.Parse("100000000000"), UInt256.Parse("10000000000000000"), UInt256.Parse("1100000000"));
        var totalCap = new FeeCap(UInt256.Parse("100000000000"), UInt256.Parse("21000000000000"), null);
        var stuck = Signed(2_000_000_000, 1_000_000_000);

        var aboveMax = FeeBump.For(stuck, 12.5, null, tight);
        var aboveTip = FeeBump.For(stuck, 12.5, null, tipCap);
        var aboveTotal = FeeBump.For(stuck, 12.5, null, totalCap);
        var uncapped = FeeBump.For(stuck, 12.5, null, null);

        Assert.Equal(UInt256.Parse("2250000000"), aboveMax.MaxFeePerGas);
        Assert.All(new[] { aboveMax, aboveTip, aboveTotal, uncapped }, b => Assert.True(b.RequiresNewApproval));
        Assert.StartsWith("fee-above-cap", aboveMax.ApprovalReason, StringComparison.Ordinal);
        Assert.Contains("maxPriorityFeePerGas", aboveTip.ApprovalReason, StringComparison.Ordinal);
        Assert.StartsWith("total-fee-above-cap", aboveTotal.ApprovalReason, StringComparison.Ordinal);
        Assert.StartsWith("no-fee-cap", uncapped.ApprovalReason, StringComparison.Ordinal);
    }
}
