using System.Globalization;
using System.Numerics;
using Custody.Domain.Intents;
using Custody.Domain.Policies;
using Custody.Domain.Tests.Support;
using Custody.Ethereum;

namespace Custody.Domain.Tests;

/// <summary>Seeded property tests: random policies, intents and histories; a failure names its seed.</summary>
public sealed class when_policies_are_evaluated_on_random_inputs
{
    private const int Cases = 150;

    private static readonly Address[] Destinations = [Samples.Alice, Samples.Bob, Samples.Exchange];
    private static readonly string[] Wallets = ["hot-1", "hot-2"];
    private static readonly BigInteger[] Amounts = [0, 1, 999, 1000, 1001, 5000, Samples.MaxUInt256 - 1, Samples.MaxUInt256];

    public static TheoryData<int> Seeds() => new(Enumerable.Range(1, 5).Select(i => i * 7919));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void the_same_input_always_gives_the_same_decision(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var policyJson = RandomPolicy(random);
            var intent = RandomIntent(random, i);
            var context = new PolicyEvaluationContext(RandomHistory(random), Samples.Now);

            var first = PolicyEngine.Evaluate(PolicyParser.Parse(policyJson), intent, context);
            var again = PolicyEngine.Evaluate(PolicyParser.Parse(policyJson), Samples.Intent(Rebuild(intent)), context with { History = [.. context.History] });
            Assert.True(first == again || (first with { Approval = null }) == (again with { Approval = null }), $"seed {seed} case {i}");
            Assert.Equal(first.Kind, again.Kind);
            Assert.Equal(first.RuleId, again.RuleId);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void a_rule_that_matches_nothing_never_changes_a_decision(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var rules = RandomRules(random);
            var dead = $$"""{ "id": "dead", "when": { "wallets": ["no-such-wallet"] }, "action": { "type": "{{(random.Next(2) == 0 ? "ALLOW" : "BLOCK")}}" } }""";
            var withDead = rules.ToList();
            withDead.Insert(random.Next(withDead.Count + 1), dead);
            var intent = RandomIntent(random, i);
            var context = new PolicyEvaluationContext(RandomHistory(random), Samples.Now);

            var without = PolicyEngine.Evaluate(PolicyParser.Parse(PolicyFiles.WithRules([.. rules])), intent, context);
            var with = PolicyEngine.Evaluate(PolicyParser.Parse(PolicyFiles.WithRules([.. withDead])), intent, context);
            Assert.True((without.Kind, without.RuleId) == (with.Kind, with.RuleId), $"seed {seed} case {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void a_decision_is_always_the_first_rule_whose_conditions_hold(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < Cases; i++)
        {
            var policy = PolicyParser.Parse(RandomPolicy(random));
            var intent = RandomIntent(random, i);
            var context = new PolicyEvaluationContext(RandomHistory(random), Samples.Now);
            var expected = policy.Rules.FirstOrDefault(r => PolicyEngine.Matches(r.When, intent, context));
            var decision = PolicyEngine.Evaluate(policy, intent, context);
            Assert.Equal(expected?.Id, decision.RuleId);
            Assert.Equal(expected?.Action.Kind ?? PolicyDecisionKind.Block, decision.Kind);
        }
    }

    private static string RandomPolicy(Random random) => PolicyFiles.WithRules([.. RandomRules(random)]);

    private static List<string> RandomRules(Random random)
    {
        var count = random.Next(0, 6);
        return [.. Enumerable.Range(0, count).Select(i => RandomRule(random, $"r{i}"))];
    }

    private static string RandomRule(Random random, string id)
    {
        var conditions = new List<string>();
        if (random.Next(3) == 0)
        {
            conditions.Add($$"""  "wallets": ["{{Wallets[random.Next(Wallets.Length)]}}"]""");
        }

        if (random.Next(3) == 0)
        {
            conditions.Add(random.Next(2) == 0 ? "\"assets\": [\"native\"]" : $"\"assets\": [\"{Samples.Token}\"]");
        }

        if (random.Next(3) == 0)
        {
            conditions.Add(random.Next(2) == 0
                ? "\"destination\": { \"type\": \"addressBook\", \"name\": \"exchanges\" }"
                : $"\"destination\": {{ \"type\": \"whitelist\", \"addresses\": [\"{Destinations[random.Next(Destinations.Length)]}\"] }}");
        }

        if (random.Next(3) == 0)
        {
            var (lo, hi) = Ordered(Pick(random), Pick(random));
            conditions.Add($"\"amount\": {{ \"min\": \"{lo}\", \"max\": \"{hi}\" }}");
        }

        if (random.Next(3) == 0)
        {
            conditions.Add($"\"velocity\": {{ \"windowSeconds\": {random.Next(1, 7200)}, \"max\": \"{Pick(random)}\" }}");
        }

        if (random.Next(4) == 0)
        {
            conditions.Add("\"contractCall\": true");
        }

        var action = random.Next(3) switch
        {
            0 => "{ \"type\": \"ALLOW\" }",
            1 => "{ \"type\": \"BLOCK\" }",
            _ => "{ \"type\": \"REQUIRE_APPROVAL\", \"groups\": [{ \"group\": \"treasury\", \"quorum\": 2 }], \"expirySeconds\": 3600 }",
        };
        return $$"""{ "id": "{{id}}", "when": { {{string.Join(", ", conditions)}} }, "action": {{action}} }""";
    }

    private static TransactionIntent RandomIntent(Random random, int index)
    {
        var to = Destinations[random.Next(Destinations.Length)];
        var amount = Pick(random);
        var request = random.Next(3) switch
        {
            0 => Samples.Erc20Transfer(Samples.Token, to, amount, requestId: $"req-{index}", walletId: Wallets[random.Next(2)]),
            1 => Samples.Call(to, "0xcafe0001", amount, requestId: $"req-{index}"),
            _ => Samples.Native(to, amount, requestId: $"req-{index}", walletId: Wallets[random.Next(2)]),
        };
        return Samples.Intent(request);
    }

    private static List<VelocityEntry> RandomHistory(Random random) =>
        [.. Enumerable.Range(0, random.Next(0, 5)).Select(i => new VelocityEntry(
            $"h{i}", Wallets[random.Next(2)], random.Next(2) == 0 ? Asset.Native : Asset.Erc20(Samples.Token),
            UInt256.Create(Pick(random)), Samples.Now - TimeSpan.FromSeconds(random.Next(0, 7200))))];

    private static BigInteger Pick(Random random) => Amounts[random.Next(Amounts.Length)];

    private static (BigInteger, BigInteger) Ordered(BigInteger a, BigInteger b) => a <= b ? (a, b) : (b, a);

    private static Contracts.Events.TransactionRequested Rebuild(TransactionIntent intent) => new(
        intent.RequestId, intent.WalletId, intent.WalletAddress.ToChecksumString(), intent.ChainId, intent.To.ToChecksumString(),
        intent.Value.ToString(), Hex.Encode(intent.Data), intent.Initiator, Samples.Now);
}
