using Custody.Domain.Policies;
using Custody.Ethereum;

namespace Custody.Domain.Tests;

/// <summary>docs/policy.md "Fee caps": <c>$.feeCaps</c> is read and validated like every other member.</summary>
public sealed class when_a_policy_caps_fees
{
    private static string WithFeeCaps(string feeCaps) =>
        $$"""{ "version": 1, "feeCaps": {{feeCaps}}, "rules": [ { "id": "all", "action": { "type": "ALLOW" } } ] }""";

    [Fact]
    public void the_cap_of_each_chain_is_read_in_wei()
    {
        var policy = PolicyParser.Parse(WithFeeCaps("""
            { "1": { "maxFeePerGas": "200000000000", "maxTotalFee": "50000000000000000", "maxPriorityFeePerGas": "3000000000" },
              "31337": { "maxFeePerGas": "100", "maxTotalFee": "2100000" } }
            """));

        Assert.True(policy.TryGetFeeCap(1, out var mainnet));
        Assert.Equal(new FeeCap(UInt256.Create(200_000_000_000), UInt256.Create(50_000_000_000_000_000), UInt256.Create(3_000_000_000)), mainnet);
        Assert.True(policy.TryGetFeeCap(31337, out var local));
        Assert.Null(local.MaxPriorityFeePerGas);
        Assert.Equal(UInt256.Create(2_100_000), local.MaxTotalFee);
    }

    [Fact]
    public void a_chain_without_a_cap_has_none()
    {
        var policy = PolicyParser.Parse(WithFeeCaps("""{ "1": { "maxFeePerGas": "1", "maxTotalFee": "1" } }"""));
        var uncapped = PolicyParser.Parse("""{ "version": 1, "rules": [ { "id": "all", "action": { "type": "ALLOW" } } ] }""");

        Assert.False(policy.TryGetFeeCap(5, out _));
        Assert.False(uncapped.TryGetFeeCap(1, out _));
        Assert.Contains("any other chain: signing is refused (no fee cap)", PolicySummary.Describe(policy));
        Assert.Contains("no fee caps: signing is refused on every chain", PolicySummary.Describe(uncapped));
    }

    [Fact]
    public void the_caps_are_part_of_the_policy_id()
    {
        var low = PolicyParser.Parse(WithFeeCaps("""{ "1": { "maxFeePerGas": "1", "maxTotalFee": "1" } }"""));
        var high = PolicyParser.Parse(WithFeeCaps("""{ "1": { "maxFeePerGas": "2", "maxTotalFee": "1" } }"""));

        Assert.NotEqual(low.Id, high.Id);
    }

    public static TheoryData<string, string, string> InvalidCaps() => new()
    {
        { "not an object", "[]", "$.feeCaps" },
        { "chain id zero", """{ "0": { "maxFeePerGas": "1", "maxTotalFee": "1" } }""", "$.feeCaps.0" },
        { "chain id with a leading zero", """{ "01": { "maxFeePerGas": "1", "maxTotalFee": "1" } }""", "$.feeCaps.01" },
        { "chain id not a number", """{ "mainnet": { "maxFeePerGas": "1", "maxTotalFee": "1" } }""", "$.feeCaps.mainnet" },
        { "chain id above 2^64-1", """{ "18446744073709551616": { "maxFeePerGas": "1", "maxTotalFee": "1" } }""", "$.feeCaps.18446744073709551616" },
        { "missing maxFeePerGas", """{ "1": { "maxTotalFee": "1" } }""", "$.feeCaps.1.maxFeePerGas" },
        { "missing maxTotalFee", """{ "1": { "maxFeePerGas": "1" } }""", "$.feeCaps.1.maxTotalFee" },
        { "unknown member", """{ "1": { "maxFeePerGas": "1", "maxTotalFee": "1", "gasPrice": "1" } }""", "$.feeCaps.1.gasPrice" },
        { "number instead of string", """{ "1": { "maxFeePerGas": 1, "maxTotalFee": "1" } }""", "$.feeCaps.1.maxFeePerGas" },
        { "hex amount", """{ "1": { "maxFeePerGas": "0x10", "maxTotalFee": "1" } }""", "$.feeCaps.1.maxFeePerGas" },
        { "negative amount", """{ "1": { "maxFeePerGas": "-1", "maxTotalFee": "1" } }""", "$.feeCaps.1.maxFeePerGas" },
        { "zero fee per gas", """{ "1": { "maxFeePerGas": "0", "maxTotalFee": "1" } }""", "$.feeCaps.1.maxFeePerGas" },
        { "zero total", """{ "1": { "maxFeePerGas": "1", "maxTotalFee": "0" } }""", "$.feeCaps.1.maxTotalFee" },
        { "above 2^256-1", $$"""{ "1": { "maxFeePerGas": "1", "maxTotalFee": "{{System.Numerics.BigInteger.Pow(2, 256)}}" } }""", "$.feeCaps.1.maxTotalFee" },
        { "priority fee above the fee", """{ "1": { "maxFeePerGas": "5", "maxTotalFee": "100", "maxPriorityFeePerGas": "6" } }""", "$.feeCaps.1.maxPriorityFeePerGas" },
        { "cap not an object", """{ "1": "100" }""", "$.feeCaps.1" },
    };

    [Theory]
    [MemberData(nameof(InvalidCaps))]
    public void an_invalid_cap_is_refused_with_its_path(string name, string feeCaps, string path)
    {
        Assert.False(PolicyParser.TryParse(WithFeeCaps(feeCaps), out var policy, out var errors), name);
        Assert.Null(policy);
        Assert.Contains(errors, e => e.Path == path);
    }
}
