using System.Numerics;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Tests.Support;
using Custody.Ethereum;

namespace Custody.Domain.Tests;

public sealed class when_the_treasury_policy_decides
{
    private static readonly Policy Treasury = PolicyFiles.Parse(PolicyFiles.Treasury);

    private static PolicyDecision Decide(Contracts.Events.TransactionRequested request, params VelocityEntry[] history) =>
        PolicyEngine.Evaluate(Treasury, Samples.Intent(request), new PolicyEvaluationContext(history, Samples.Now));

    public static TheoryData<string, string, string?> Table() => new()
    {
        // amount at 0, at the threshold, one above it and at 2^256-1
        { "zero to exchange", "native:exchange:0", "small-native-to-exchange" },
        { "threshold to exchange", "native:exchange:1000", "small-native-to-exchange" },
        { "above threshold to exchange", "native:exchange:1001", "large-native" },
        { "max uint256 to exchange", "native:exchange:max", "large-native" },
        { "small to a stranger", "native:alice:5", null },
        { "large to a stranger", "native:alice:1001", "large-native" },
        { "token to whitelisted recipient", "token:bob:1", "token-to-whitelist" },
        { "token max to whitelisted recipient", "token:bob:max", "token-to-whitelist" },
        { "token to a stranger", "token:alice:1", null },
        { "contract call on exchange", "call:exchange:0", "contract-calls" },
        { "contract call elsewhere", "call:alice:0", null },
        { "intern initiator", "intern:exchange:1", "block-blacklisted-initiator" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void the_first_matching_rule_decides_and_no_match_blocks(string name, string spec, string? expectedRule)
    {
        var decision = Decide(Build(spec));
        Assert.True(expectedRule == decision.RuleId, $"{name}: expected {expectedRule ?? "no match"}, got {decision.RuleId ?? "no match"}");
        if (expectedRule is null)
        {
            Assert.Equal(PolicyDecisionKind.Block, decision.Kind);
        }
    }

    [Fact]
    public void a_require_approval_decision_carries_groups_mandatory_approvers_and_expiry()
    {
        var decision = Decide(Build("token:bob:1"));
        Assert.Equal(PolicyDecisionKind.RequireApproval, decision.Kind);
        var group = Assert.Single(decision.Approval!.Groups);
        Assert.Equal(("treasury", 2), (group.Group, group.Quorum));
        Assert.Equal(["dave"], decision.Approval.Mandatory);
        Assert.Equal(TimeSpan.FromHours(1), decision.Approval.Expiry);
        Assert.Equal(Treasury.Id, decision.PolicyId);
        Assert.Equal(Samples.Intent(Build("token:bob:1")).Hash, decision.IntentHash);
    }

    [Fact]
    public void a_wallet_condition_excludes_other_wallets() =>
        Assert.Null(Decide(Samples.Native(Samples.Alice, 5000, walletId: "cold-1")).RuleId);

    [Fact]
    public void velocity_counts_history_up_to_the_limit_and_then_moves_to_the_next_rule()
    {
        var request = Samples.Native(Samples.Exchange, 1000, requestId: "now");
        VelocityEntry Past(string id, BigInteger amount, TimeSpan ago) =>
            new(id, "hot-1", Asset.Native, UInt256.Create(amount), Samples.Now - ago);

        // 1000 + 4000 = 5000 = the limit: still inside.
        Assert.Equal("small-native-to-exchange", Decide(request, Past("a", 4000, TimeSpan.FromMinutes(10))).RuleId);

        // 1000 + 4001 > 5000: the ALLOW rule no longer matches; the next matching rule (contract calls
        // allowed, to the exchanges) asks the risk group.
        Assert.Equal("contract-calls", Decide(request, Past("a", 4001, TimeSpan.FromMinutes(10))).RuleId);
    }

    [Fact]
    public void an_entry_exactly_at_the_window_start_is_outside_and_one_second_later_is_inside()
    {
        var request = Samples.Native(Samples.Exchange, 1000, requestId: "now");
        var atEdge = new VelocityEntry("old", "hot-1", Asset.Native, UInt256.Create(4001), Samples.Now - TimeSpan.FromSeconds(3600));
        var justInside = atEdge with { At = Samples.Now - TimeSpan.FromSeconds(3599) };

        Assert.Equal("small-native-to-exchange", Decide(request, atEdge).RuleId);
        Assert.Equal("contract-calls", Decide(request, justInside).RuleId);
    }

    [Fact]
    public void velocity_ignores_other_wallets_other_assets_and_the_request_itself()
    {
        var request = Samples.Native(Samples.Exchange, 1000, requestId: "now");
        var big = UInt256.Create(10_000);
        var history = new[]
        {
            new VelocityEntry("w", "hot-2", Asset.Native, big, Samples.Now),
            new VelocityEntry("t", "hot-1", Asset.Erc20(Samples.Token), big, Samples.Now),
            new VelocityEntry("now", "hot-1", Asset.Native, big, Samples.Now),
        };
        Assert.Equal("small-native-to-exchange", Decide(request, history).RuleId);
    }

    [Fact]
    public void velocity_sums_beyond_uint256_do_not_overflow()
    {
        var request = Samples.Native(Samples.Exchange, Samples.MaxUInt256, requestId: "now");
        var intent = Samples.Intent(request);
        var history = new[] { new VelocityEntry("a", "hot-1", Asset.Native, UInt256.MaxValue, Samples.Now) };
        Assert.Equal(2 * Samples.MaxUInt256, PolicyEngine.VelocitySum(TimeSpan.FromHours(1), intent, new PolicyEvaluationContext(history, Samples.Now)));
    }

    private static Contracts.Events.TransactionRequested Build(string spec)
    {
        var parts = spec.Split(':');
        var to = parts[1] switch { "exchange" => Samples.Exchange, "alice" => Samples.Alice, "bob" => Samples.Bob, _ => throw new ArgumentException(spec) };
        var amount = parts[2] == "max" ? Samples.MaxUInt256 : BigInteger.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "native" => Samples.Native(to, amount),
            "token" => Samples.Erc20Transfer(Samples.Token, to, amount),
            "call" => Samples.Call(to, "0x12345678", amount),
            "intern" => Samples.Native(to, amount, initiator: "intern"),
            _ => throw new ArgumentException(spec),
        };
    }
}
