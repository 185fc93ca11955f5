using System.Text.Json;
using Custody.Domain.Policies;

namespace Custody.Cli.Tests;

public sealed class when_an_operator_checks_and_evaluates_a_policy : IDisposable
{
    private const string Policy = """
        {
          "version": 1,
          "name": "cli-test",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "approverGroups": { "treasury": ["alice", "bob", "carol"] },
          "rules": [
            { "id": "small-native-to-payees",
              "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" },
                        "amount": { "max": "2000000000000000000" }, "velocity": { "windowSeconds": 86400, "max": "3000000000000000000" } },
              "action": { "type": "ALLOW" } },
            { "id": "usdc-to-payees",
              "when": { "assets": ["0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"], "destination": { "type": "addressBook", "name": "payees" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "mandatory": ["carol"], "expirySeconds": 3600 } }
          ]
        }
        """;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task check_prints_the_policy_id_and_every_rule()
    {
        var result = await CustodyCli.RunAsync("policy", "check", _dir.File("policy.json", Policy));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"policy id: {PolicyParser.Parse(Policy).Id}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("1. small-native-to-payees: ALLOW", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("2. usdc-to-payees: REQUIRE_APPROVAL [2 of treasury (alice, bob, carol) + carol (mandatory)]", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("3. (no match): BLOCK", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task check_refuses_an_invalid_policy_with_every_path_and_reason()
    {
        var bad = Policy.Replace("\"quorum\": 2", "\"quorum\": 4", StringComparison.Ordinal).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal);
        var result = await CustodyCli.RunAsync("policy", "check", _dir.File("bad.json", bad));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$.version: must be 1", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("$.rules[1].action.groups[0].quorum: must be an integer in [1, 3]", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("policy id", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task check_reports_a_missing_file()
    {
        var result = await CustodyCli.RunAsync("policy", "check", Path.Combine(_dir.Path, "absent.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot read", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task eval_prints_the_decision_with_the_required_approvals()
    {
        var result = await CustodyCli.RunAsync("policy", "eval", _dir.File("policy.json", Policy), CustodyCli.Example("transaction-request-erc20.json"));
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal("REQUIRE_APPROVAL", json.GetProperty("decision").GetString());
        Assert.Equal("usdc-to-payees", json.GetProperty("ruleId").GetString());
        Assert.Equal(PolicyParser.Parse(Policy).Id.ToString(), json.GetProperty("policyId").GetString());
        var hash = await CustodyCli.RunAsync("intent", "hash", CustodyCli.Example("transaction-request-erc20.json"));
        Assert.Equal(JsonDocument.Parse(hash.Stdout).RootElement.GetProperty("intentHash").GetString(), json.GetProperty("intentHash").GetString());
        var approvals = json.GetProperty("requiredApprovals");
        Assert.Equal(2, approvals.GetProperty("groups")[0].GetProperty("quorum").GetInt32());
        Assert.Equal("carol", approvals.GetProperty("mandatory")[0].GetString());
        Assert.Equal(3600, approvals.GetProperty("expirySeconds").GetInt32());
    }

    [Fact]
    public async Task eval_counts_the_history_toward_velocity()
    {
        var policy = _dir.File("policy.json", Policy);
        var request = CustodyCli.Example("transaction-request-native.json");
        var history = _dir.File("history.json", """
            [ { "requestId": "earlier", "walletId": "treasury-hot-1", "asset": "native", "amount": "1500000000000000001", "at": "2026-11-23T10:00:00Z" } ]
            """);

        var without = JsonDocument.Parse((await CustodyCli.RunAsync("policy", "eval", policy, request)).Stdout).RootElement;
        var with = await CustodyCli.RunAsync("policy", "eval", policy, request, "--history", history);

        Assert.Equal("ALLOW", without.GetProperty("decision").GetString());
        Assert.Equal(0, with.ExitCode);
        var decided = JsonDocument.Parse(with.Stdout).RootElement;
        Assert.Equal("BLOCK", decided.GetProperty("decision").GetString());
        Assert.Equal(JsonValueKind.Null, decided.GetProperty("ruleId").ValueKind);
        Assert.Equal(JsonValueKind.Null, decided.GetProperty("requiredApprovals").ValueKind);
    }

    [Fact]
    public async Task eval_refuses_an_invalid_history()
    {
        var history = _dir.File("history.json", """[ { "requestId": "x", "walletId": "w", "asset": "ETH", "amount": "1", "at": "2026-11-23T10:00:00Z" } ]""");
        var result = await CustodyCli.RunAsync("policy", "eval", _dir.File("policy.json", Policy), CustodyCli.Example("transaction-request-native.json"), "--history", history);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("$[0].asset", result.Stderr, StringComparison.Ordinal);
    }
}
