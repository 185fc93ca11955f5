using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Domain.Tests.Support;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Outcome = Custody.Domain.Signing.SigningLogRule.Outcome;

namespace Custody.Domain.Tests;

/// <summary>docs/signing.md "Signing log": never two different transactions for one wallet, chain and nonce, but a fee replacement of the same intent.</summary>
public sealed class when_the_signing_log_rule_decides
{
    private static readonly FeeCap Cap = new(UInt256.Create(100), UInt256.Create(10_000_000), UInt256.Create(10));

    private static SigningAttempt Attempt(string requestId = "req-1", ulong amount = 1_000, ulong maxFee = 50, ulong tip = 2, ulong nonce = 7)
    {
        var request = Samples.Native(Samples.Exchange, amount, requestId);
        var transaction = new DynamicFeeTransaction
        {
            ChainId = 1, Nonce = nonce, MaxFeePerGas = UInt256.Create(maxFee), MaxPriorityFeePerGas = UInt256.Create(tip), GasLimit = 21_000,
            To = Samples.Exchange, Value = UInt256.Create(amount),
        };
        return SigningAttempt.For(Samples.Intent(request), transaction);
    }

    private static SigningLogEntry Signed(SigningAttempt attempt) => new(attempt, Samples.Now, 0, Samples.Now);

    private static SigningLogEntry Admitted(SigningAttempt attempt) => new(attempt, Samples.Now, 0, null);

    [Fact]
    public void a_free_nonce_is_recorded() => Assert.Equal((Outcome.Record, null), SigningLogRule.Decide(null, Attempt(), Cap));

    [Fact]
    public void the_same_transaction_again_is_a_retry() =>
        Assert.Equal((Outcome.Unchanged, null), SigningLogRule.Decide(Signed(Attempt()), Attempt(), Cap));

    [Fact]
    public void another_transaction_for_a_signed_nonce_is_refused()
    {
        var (outcome, refusal) = SigningLogRule.Decide(Signed(Attempt()), Attempt("req-2", amount: 2_000), Cap);

        Assert.Equal(Outcome.Refuse, outcome);
        Assert.Equal(SigningRefusalCodes.NonceTaken, refusal?.Code);
    }

    [Fact]
    public void the_same_intent_for_another_request_is_another_transaction() =>
        Assert.Equal(SigningRefusalCodes.NonceTaken, SigningLogRule.Decide(Signed(Attempt()), Attempt("req-2", maxFee: 60, tip: 3), Cap).Refusal?.Code);

    [Fact]
    public void a_replacement_with_both_fees_higher_within_the_cap_is_allowed() =>
        Assert.Equal((Outcome.Replace, null), SigningLogRule.Decide(Signed(Attempt()), Attempt(maxFee: 60, tip: 3), Cap));

    [Theory]
    [InlineData(50, 3)]
    [InlineData(60, 2)]
    [InlineData(40, 1)]
    public void a_replacement_without_both_fees_higher_is_refused(ulong maxFee, ulong tip) =>
        Assert.Equal(SigningRefusalCodes.ReplacementFeeNotHigher, SigningLogRule.Decide(Signed(Attempt()), Attempt(maxFee: maxFee, tip: tip), Cap).Refusal?.Code);

    [Fact]
    public void a_replacement_above_the_cap_is_refused()
    {
        Assert.Equal(SigningRefusalCodes.FeeAboveCap, SigningLogRule.Decide(Signed(Attempt()), Attempt(maxFee: 101, tip: 3), Cap).Refusal?.Code);
        Assert.Equal(SigningRefusalCodes.FeeAboveCap, SigningLogRule.Decide(Signed(Attempt()), Attempt(maxFee: 60, tip: 11), Cap).Refusal?.Code);
        Assert.Equal(SigningRefusalCodes.TotalFeeAboveCap,
            SigningLogRule.Decide(Signed(Attempt()), Attempt(maxFee: 60, tip: 3), Cap with { MaxTotalFee = UInt256.Create(21_000 * 59) }).Refusal?.Code);
    }

    [Fact]
    public void an_entry_never_contributed_to_may_be_superseded_by_another_checked_transaction()
    {
        Assert.Equal((Outcome.Supersede, null), SigningLogRule.Decide(Admitted(Attempt()), Attempt("req-2", amount: 2_000), Cap));
        Assert.Equal((Outcome.Supersede, null), SigningLogRule.Decide(Admitted(Attempt()), Attempt(maxFee: 40, tip: 1), Cap));
    }

    [Fact]
    public void an_entry_for_another_slot_is_a_caller_error() =>
        Assert.Throws<ArgumentException>(() => SigningLogRule.Decide(Signed(Attempt()), Attempt(nonce: 8), Cap));
}
