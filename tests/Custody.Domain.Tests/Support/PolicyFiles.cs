using Custody.Domain.Policies;

namespace Custody.Domain.Tests.Support;

/// <summary>Policy files for the tests, written as JSON exactly as operators write them.</summary>
internal static class PolicyFiles
{
    /// <summary>A treasury policy exercising every condition and action.</summary>
    public static string Treasury => $$"""
        {
          "version": 1,
          "name": "treasury",
          "addressBooks": { "exchanges": ["{{Samples.Exchange}}"] },
          "approverGroups": { "treasury": ["alice", "bob", "carol"], "risk": ["dave"] },
          "rules": [
            { "id": "block-blacklisted-initiator", "when": { "initiators": ["intern"] }, "action": { "type": "BLOCK" } },
            { "id": "small-native-to-exchange",
              "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "exchanges" },
                        "amount": { "max": "1000" }, "velocity": { "windowSeconds": 3600, "max": "5000" } },
              "action": { "type": "ALLOW" } },
            { "id": "token-to-whitelist",
              "when": { "assets": ["{{Samples.Token}}"], "destination": { "type": "whitelist", "addresses": ["{{Samples.Bob}}"] } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "mandatory": ["dave"], "expirySeconds": 3600 } },
            { "id": "large-native", "when": { "wallets": ["hot-1"], "assets": ["native"], "amount": { "min": "1001" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "expirySeconds": 86400 } },
            { "id": "contract-calls", "when": { "contractCall": true, "destination": { "type": "addressBook", "name": "exchanges" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "risk", "quorum": 1 }], "expirySeconds": 600 } }
          ]
        }
        """;

    public static Policy Parse(string json) => PolicyParser.Parse(json);

    /// <summary>A policy made of the given rule objects (JSON), with the treasury groups and address book.</summary>
    public static string WithRules(params string[] rules) => $$"""
        {
          "version": 1,
          "addressBooks": { "exchanges": ["{{Samples.Exchange}}"] },
          "approverGroups": { "treasury": ["alice", "bob", "carol"], "risk": ["dave"] },
          "rules": [{{string.Join(",", rules)}}]
        }
        """;
}
