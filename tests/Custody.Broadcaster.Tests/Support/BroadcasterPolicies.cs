using Custody.Domain.Policies;

namespace Custody.Broadcaster.Tests.Support;

/// <summary>
/// Two policies for anvil's chain 31337 that differ only in their fee cap: "roomy" (100 gwei per gas) leaves room
/// for a replacement, "tight" (2.1 gwei) does not, so a bumped fee under it needs new approvals.
/// </summary>
internal static class BroadcasterPolicies
{
    public static readonly Policy Roomy = PolicyParser.Parse(Json("broadcaster-roomy", "100000000000"));

    public static readonly Policy Tight = PolicyParser.Parse(Json("broadcaster-tight", "2100000000"));

    public static string WriteFolder(string root)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "policies")).FullName;
        File.WriteAllText(Path.Combine(folder, "roomy.json"), Json("broadcaster-roomy", "100000000000"));
        File.WriteAllText(Path.Combine(folder, "tight.json"), Json("broadcaster-tight", "2100000000"));
        return folder;
    }

    private static string Json(string name, string maxFeePerGas) => $$"""
        {
          "version": 1,
          "name": "{{name}}",
          "feeCaps": { "31337": { "maxFeePerGas": "{{maxFeePerGas}}", "maxTotalFee": "10000000000000000" } },
          "rules": [ { "id": "everything", "action": { "type": "ALLOW" } } ]
        }
        """;
}
