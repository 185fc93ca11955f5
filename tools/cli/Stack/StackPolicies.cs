namespace Custody.Cli;

/// <summary>The policies the process-level stacks give every party (docs/running.md "Process-level stack").</summary>
internal static class StackPolicies
{
    /// <summary>The one payee both policies know.</summary>
    public const string Payee = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

    /// <summary>Transfers to the payee are allowed (no approvals to collect), everything else blocked, fees capped for anvil's chain.</summary>
    public const string Bench = """
        {
          "version": 1,
          "name": "bench-signing",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "bench-allow", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" } }, "action": { "type": "ALLOW" } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;

    /// <summary>The largest transfer <see cref="Treasury"/> allows without approvals: 0.01 ETH.</summary>
    public const string AutoApprovedMaxWei = "10000000000000000";

    /// <summary>Up to 0.01 ETH to the payee allowed; up to 5 ETH needs 2 of the 3 treasury approvers (alice, bob, carol); everything else blocked.</summary>
    public const string Treasury = """
        {
          "version": 1,
          "name": "system-treasury",
          "addressBooks": { "payees": ["0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359"] },
          "approverGroups": { "treasury": ["alice", "bob", "carol"] },
          "feeCaps": { "31337": { "maxFeePerGas": "100000000000", "maxTotalFee": "10000000000000000" } },
          "rules": [
            { "id": "small-to-payees", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" }, "amount": { "max": "10000000000000000" } }, "action": { "type": "ALLOW" } },
            { "id": "treasury-to-payees", "when": { "assets": ["native"], "destination": { "type": "addressBook", "name": "payees" }, "amount": { "max": "5000000000000000000" } },
              "action": { "type": "REQUIRE_APPROVAL", "groups": [{ "group": "treasury", "quorum": 2 }], "expirySeconds": 3600 } },
            { "id": "everything-else", "action": { "type": "BLOCK" } }
          ]
        }
        """;
}
