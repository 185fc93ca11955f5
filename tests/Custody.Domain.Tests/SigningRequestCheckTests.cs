using Custody.Contracts.Approvals;
using Custody.Contracts.Events;
using Custody.Domain.Approvals;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Signing;
using Custody.Domain.Tests.Support;
using Custody.Ethereum;
using Custody.Ethereum.Transactions;
using Codes = Custody.Domain.Signing.SigningRefusalCodes;

namespace Custody.Domain.Tests;

/// <summary>
/// docs/signing.md "What every party checks": the unsigned transaction must be exactly the approved intent, with fees
/// within the policy's cap. The policy allows native transfers and token transfers to the exchange on chain 1, capped at
/// 100 gwei per gas, 2 gwei priority fee and 0.01 ETH in total; chain 5 has no cap.
/// </summary>
public sealed class when_a_party_checks_the_transaction_it_is_asked_to_sign
{
    private static readonly Policy Allowing = PolicyParser.Parse($$"""
        {
          "version": 1,
          "feeCaps": { "1": { "maxFeePerGas": "100000000000", "maxPriorityFeePerGas": "2000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [ { "id": "to-exchange", "when": { "destination": { "type": "whitelist", "addresses": ["{{Samples.Exchange}}"] } },
                       "action": { "type": "ALLOW" } } ]
        }
        """);

    private static readonly ApproverRegistry NoApprovers = new([]);

    private static (TransactionApproved Approved, EvidenceVerdict Verdict) Approve(TransactionRequested request, Policy? policy = null)
    {
        policy ??= Allowing;
        var intent = TransactionIntent.Create(request);
        var evidence = new ApprovalEvidence(policy.Id.ToString(), "to-exchange", [], Samples.Now);
        var verdict = EvidenceVerifier.Verify(evidence, intent, policy, NoApprovers, Samples.Now);
        return (new TransactionApproved(request.RequestId, request, intent.Hash.ToString(), evidence, Samples.Now), verdict);
    }

    private static DynamicFeeTransaction Honest(TransactionRequested request) => new()
    {
        ChainId = request.ChainId,
        Nonce = 3,
        MaxPriorityFeePerGas = UInt256.Create(1_000_000_000),
        MaxFeePerGas = UInt256.Create(50_000_000_000),
        GasLimit = 60_000,
        To = Address.Parse(request.To),
        Value = UInt256.Parse(request.Value),
        Data = Hex.Decode(request.Data),
    };

    private static SigningRefusal? Check(TransactionRequested request, Func<DynamicFeeTransaction, DynamicFeeTransaction>? alter = null, Address? wallet = null)
    {
        var (approved, verdict) = Approve(request);
        var transaction = Honest(request);
        return SigningRequestCheck.Check(approved, verdict, Allowing, wallet ?? Samples.Wallet, alter is null ? transaction : alter(transaction));
    }

    private static readonly TransactionRequested Native = Samples.Native(Samples.Exchange, 1_000);
    private static readonly TransactionRequested Token = Samples.Erc20Transfer(Samples.Token, Samples.Exchange, 5);

    [Fact]
    public void the_exact_approved_transaction_within_the_cap_may_be_signed()
    {
        Assert.Null(Check(Native));
        Assert.Null(Check(Token));
    }

    [Fact]
    public void fees_exactly_at_the_cap_may_be_signed() =>
        Assert.Null(Check(Native, t => t with { MaxFeePerGas = UInt256.Create(100_000_000_000), MaxPriorityFeePerGas = UInt256.Create(2_000_000_000), GasLimit = 100_000 }));

    public static TheoryData<string, string> Alterations() => new()
    {
        { "chain", Codes.ChainMismatch },
        { "to", Codes.ToMismatch },
        { "contract creation", Codes.ToMismatch },
        { "value", Codes.ValueMismatch },
        { "data", Codes.DataMismatch },
        { "access list", Codes.AccessListNotAllowed },
        { "fee per gas", Codes.FeeAboveCap },
        { "priority fee", Codes.FeeAboveCap },
        { "priority above fee", Codes.FeeInvalid },
        { "total", Codes.TotalFeeAboveCap },
    };

    [Theory]
    [MemberData(nameof(Alterations))]
    public void a_transaction_that_differs_from_the_intent_or_exceeds_the_cap_is_refused(string field, string code)
    {
        Func<DynamicFeeTransaction, DynamicFeeTransaction> alter = field switch
        {
            "chain" => t => t with { ChainId = 5 },
            "to" => t => t with { To = Samples.Bob },
            "contract creation" => t => t with { To = null },
            "value" => t => t with { Value = t.Value + UInt256.One },
            "data" => t => t with { Data = new byte[] { 0x00 } },
            "access list" => t => t with { AccessList = [new AccessListEntry(Samples.Bob, [])] },
            "fee per gas" => t => t with { MaxFeePerGas = UInt256.Create(100_000_000_001) },
            "priority fee" => t => t with { MaxPriorityFeePerGas = UInt256.Create(2_000_000_001) },
            "priority above fee" => t => t with { MaxFeePerGas = UInt256.Create(1_000_000_000), MaxPriorityFeePerGas = UInt256.Create(1_500_000_000) },
            "total" => t => t with { GasLimit = 100_001, MaxFeePerGas = UInt256.Create(100_000_000_000) },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        Assert.Equal(code, Check(Native, alter)?.Code);
    }

    [Fact]
    public void an_erc20_transfer_to_another_recipient_is_refused_by_its_call_data()
    {
        var other = Hex.Decode(Samples.Erc20Transfer(Samples.Token, Samples.Bob, 5).Data);

        Assert.Equal(Codes.DataMismatch, Check(Token, t => t with { Data = other })?.Code);
    }

    [Fact]
    public void a_request_from_another_wallet_is_refused() =>
        Assert.Equal(Codes.SenderMismatch, Check(Native, wallet: Samples.Alice)?.Code);

    [Fact]
    public void a_chain_without_a_fee_cap_is_refused()
    {
        var request = Native with { ChainId = 5 };
        var (approved, verdict) = Approve(request);

        Assert.Equal(Codes.NoFeeCap, SigningRequestCheck.Check(approved, verdict, Allowing, Samples.Wallet, Honest(request))?.Code);
    }

    [Fact]
    public void evidence_the_party_did_not_approve_is_refused()
    {
        var blocked = Samples.Native(Samples.Bob, 1_000);
        var (approved, verdict) = Approve(blocked);

        Assert.False(verdict.IsApproved);
        Assert.Equal(Codes.EvidenceNotApproved, SigningRequestCheck.Check(approved, verdict, Allowing, Samples.Wallet, Honest(blocked))?.Code);
    }

    [Fact]
    public void an_event_whose_intent_hash_or_verdict_is_not_the_requests_own_is_refused()
    {
        var (approved, verdict) = Approve(Native);
        var (_, otherVerdict) = Approve(Samples.Native(Samples.Exchange, 2_000));

        Assert.Equal(Codes.IntentMismatch, SigningRequestCheck.Check(approved with { IntentHash = "0x" + new string('1', 64) }, verdict, Allowing, Samples.Wallet, Honest(Native))?.Code);
        Assert.Equal(Codes.IntentMismatch, SigningRequestCheck.Check(approved with { RequestId = "req-other" }, verdict, Allowing, Samples.Wallet, Honest(Native))?.Code);
        Assert.Equal(Codes.IntentMismatch, SigningRequestCheck.Check(approved, otherVerdict, Allowing, Samples.Wallet, Honest(Native))?.Code);
    }

    [Fact]
    public void a_request_that_yields_no_intent_is_refused()
    {
        var (approved, verdict) = Approve(Native);

        Assert.Equal(Codes.InvalidRequest, SigningRequestCheck.Check(approved with { Request = Native with { Value = "-1" } }, verdict, Allowing, Samples.Wallet, Honest(Native))?.Code);
    }
}
