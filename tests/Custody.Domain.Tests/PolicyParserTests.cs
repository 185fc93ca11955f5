using Custody.Domain.Policies;
using Custody.Domain.Tests.Support;

namespace Custody.Domain.Tests;

public sealed class when_a_policy_file_is_read
{
    [Fact]
    public void a_valid_policy_yields_its_rules_in_order()
    {
        var policy = PolicyFiles.Parse(PolicyFiles.Treasury);
        Assert.Equal(["block-blacklisted-initiator", "small-native-to-exchange", "token-to-whitelist", "large-native", "contract-calls"],
            policy.Rules.Select(r => r.Id));
        Assert.Equal(2, policy.ApproverGroups.Count);
        Assert.Equal("treasury", policy.Name);
    }

    [Fact]
    public void the_id_ignores_whitespace_and_member_order()
    {
        var compact = """{"rules":[{"action":{"type":"ALLOW"},"id":"all"}],"version":1}""";
        var spaced = """
            {
              "version" : 1,
              "rules" : [ { "id" : "all", "action" : { "type" : "ALLOW" } } ]
            }
            """;
        Assert.Equal(PolicyFiles.Parse(compact).Id, PolicyFiles.Parse(spaced).Id);
    }

    [Fact]
    public void the_id_is_the_sha256_of_the_canonical_form()
    {
        var json = """{ "version": 1, "rules": [ { "id": "all", "action": { "type": "ALLOW" } } ] }""";
        var canonical = """{"rules":[{"action":{"type":"ALLOW"},"id":"all"}],"version":1}"""u8.ToArray();
        Assert.Equal("0x" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(canonical)), PolicyFiles.Parse(json).Id.ToString());
    }

    [Fact]
    public void any_change_of_content_changes_the_id()
    {
        var a = """{ "version": 1, "rules": [ { "id": "all", "action": { "type": "ALLOW" } } ] }""";
        var b = """{ "version": 1, "rules": [ { "id": "all", "action": { "type": "BLOCK" } } ] }""";
        var c = """{ "version": 1, "name": "x", "rules": [ { "id": "all", "action": { "type": "ALLOW" } } ] }""";
        Assert.Equal(3, new[] { a, b, c }.Select(p => PolicyFiles.Parse(p).Id).Distinct().Count());
    }

    public static TheoryData<string, string, string> InvalidPolicies() => new()
    {
        { "not json", "{ \"version\": 1, ", "$" },
        { "unknown root member", """{ "version": 1, "rules": [], "extra": true }""", "$.extra" },
        { "wrong version", """{ "version": 2, "rules": [] }""", "$.version" },
        { "missing rules", """{ "version": 1 }""", "$.rules" },
        { "duplicate member", """{ "version": 1, "version": 1, "rules": [] }""", "$" },
        { "fractional number", """{ "version": 1.0, "rules": [] }""", "$.version" },
        { "duplicate rule id", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "ALLOW" } }""", """{ "id": "r", "action": { "type": "BLOCK" } }"""), "$.rules[1].id" },
        { "bad rule id", PolicyFiles.WithRules("""{ "id": "has space", "action": { "type": "ALLOW" } }"""), "$.rules[0].id" },
        { "unknown action", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "MAYBE" } }"""), "$.rules[0].action.type" },
        { "extra member on ALLOW", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "ALLOW", "expirySeconds": 60 } }"""), "$.rules[0].action.expirySeconds" },
        { "unknown condition", PolicyFiles.WithRules("""{ "id": "r", "when": { "colour": "red" }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.colour" },
        { "amount with leading zero", PolicyFiles.WithRules("""{ "id": "r", "when": { "amount": { "max": "0100" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.amount.max" },
        { "amount above uint256", PolicyFiles.WithRules("""{ "id": "r", "when": { "amount": { "max": "115792089237316195423570985008687907853269984665640564039457584007913129639936" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.amount.max" },
        { "amount as number", PolicyFiles.WithRules("""{ "id": "r", "when": { "amount": { "max": 100 } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.amount.max" },
        { "min above max", PolicyFiles.WithRules("""{ "id": "r", "when": { "amount": { "min": "10", "max": "9" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.amount" },
        { "empty range", PolicyFiles.WithRules("""{ "id": "r", "when": { "amount": { } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.amount" },
        { "address without checksum", PolicyFiles.WithRules($$"""{ "id": "r", "when": { "destination": { "type": "whitelist", "addresses": ["{{Samples.Bob.ToChecksumString().ToLowerInvariant()}}"] } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.destination.addresses[0]" },
        { "duplicate address", PolicyFiles.WithRules($$"""{ "id": "r", "when": { "destination": { "type": "whitelist", "addresses": ["{{Samples.Bob}}", "{{Samples.Bob}}"] } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.destination.addresses[1]" },
        { "unknown address book", PolicyFiles.WithRules("""{ "id": "r", "when": { "destination": { "type": "addressBook", "name": "nope" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.destination.name" },
        { "unknown destination type", PolicyFiles.WithRules("""{ "id": "r", "when": { "destination": { "type": "somewhere" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.destination.type" },
        { "bad asset", PolicyFiles.WithRules("""{ "id": "r", "when": { "assets": ["ETH"] }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.assets[0]" },
        { "empty wallets", PolicyFiles.WithRules("""{ "id": "r", "when": { "wallets": [] }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.wallets" },
        { "contract call not boolean", PolicyFiles.WithRules("""{ "id": "r", "when": { "contractCall": "yes" }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.contractCall" },
        { "zero velocity window", PolicyFiles.WithRules("""{ "id": "r", "when": { "velocity": { "windowSeconds": 0, "max": "1" } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.velocity.windowSeconds" },
        { "velocity without bound", PolicyFiles.WithRules("""{ "id": "r", "when": { "velocity": { "windowSeconds": 60 } }, "action": { "type": "ALLOW" } }"""), "$.rules[0].when.velocity" },
        { "unknown group", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "ops", "quorum": 1 }], "expirySeconds": 60 } }"""), "$.rules[0].action.groups[0].group" },
        { "quorum above group size", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "risk", "quorum": 2 }], "expirySeconds": 60 } }"""), "$.rules[0].action.groups[0].quorum" },
        { "zero quorum", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "risk", "quorum": 0 }], "expirySeconds": 60 } }"""), "$.rules[0].action.groups[0].quorum" },
        { "group listed twice", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "risk", "quorum": 1 }, { "group": "risk", "quorum": 1 }], "expirySeconds": 60 } }"""), "$.rules[0].action.groups[1].group" },
        { "no approvers at all", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "expirySeconds": 60 } }"""), "$.rules[0].action" },
        { "missing expiry", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "mandatory": ["dave"] } }"""), "$.rules[0].action.expirySeconds" },
        { "expiry too long", PolicyFiles.WithRules("""{ "id": "r", "action": { "type": "REQUIRE_APPROVAL", "mandatory": ["dave"], "expirySeconds": 99999999 } }"""), "$.rules[0].action.expirySeconds" },
        { "duplicate group member", """{ "version": 1, "approverGroups": { "g": ["a", "a"] }, "rules": [] }""", "$.approverGroups.g[1]" },
        { "empty address book", """{ "version": 1, "addressBooks": { "b": [] }, "rules": [] }""", "$.addressBooks.b" },
    };

    [Theory]
    [MemberData(nameof(InvalidPolicies))]
    public void an_invalid_policy_is_refused_with_the_path_of_the_problem(string problem, string json, string path)
    {
        var error = Assert.Throws<PolicyValidationException>(() => PolicyParser.Parse(json));
        Assert.True(error.Errors.Any(e => e.Path == path), $"{problem}: expected an error at {path}, got: {error.Message}");
        Assert.Contains(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void every_problem_is_reported_not_only_the_first()
    {
        var json = PolicyFiles.WithRules(
            """{ "id": "a", "when": { "amount": { "max": "-1" } }, "action": { "type": "ALLOW" } }""",
            """{ "id": "b", "action": { "type": "NOPE" } }""");
        var error = Assert.Throws<PolicyValidationException>(() => PolicyParser.Parse(json));
        Assert.Equal(["$.rules[0].when.amount.max", "$.rules[1].action.type"], error.Errors.Select(e => e.Path));
    }

    [Fact]
    public void a_policy_says_whether_any_rule_needs_the_velocity_history()
    {
        Assert.True(PolicyFiles.Parse(PolicyFiles.Treasury).UsesVelocity);
        Assert.False(PolicyFiles.Parse(PolicyFiles.WithRules("""{ "id": "all", "action": { "type": "ALLOW" } }""")).UsesVelocity);
        Assert.True(PolicyFiles.Parse(PolicyFiles.WithRules(
            """{ "id": "a", "when": { "assets": ["native"] }, "action": { "type": "BLOCK" } }""",
            """{ "id": "v", "when": { "velocity": { "windowSeconds": 60, "max": "5" } }, "action": { "type": "ALLOW" } }""")).UsesVelocity);
    }
}
