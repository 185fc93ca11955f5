using Custody.Contracts;
using Custody.Contracts.Json;
using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// Reads a velocity history file (docs/policy.md "Velocity history"): a JSON array of
/// <c>{"requestId", "walletId", "asset": "native" | token address, "amount": decimal string, "at": RFC 3339}</c>.
/// At most <see cref="InputLimits.History"/> in size; <c>at</c> must carry its offset (<see cref="Rfc3339"/>).
/// Every problem is a <see cref="FormatException"/> whose message is <c>$.path: reason</c>.
/// </summary>
public static class VelocityHistoryJson
{
    private static readonly string[] Members = ["requestId", "walletId", "asset", "amount", "at"];

    public static IReadOnlyList<VelocityEntry> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonSyntax.TryParse(json, InputLimits.History, out var syntaxError)
            ?? throw new FormatException(syntaxError!.ToString());
        if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            throw new FormatException("$: must be an array (a velocity history)");
        }

        var entries = new List<VelocityEntry>();
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            entries.Add(Entry(item, $"$[{index++}]"));
        }

        return entries;
    }

    private static VelocityEntry Entry(System.Text.Json.JsonElement item, string path)
    {
        if (item.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            throw new FormatException($"{path}: must be an object with exactly requestId, walletId, asset, amount, at");
        }

        foreach (var member in item.EnumerateObject())
        {
            if (!Members.Contains(member.Name, StringComparer.Ordinal))
            {
                throw new FormatException($"{path}: has an unknown member; allowed: {string.Join(", ", Members)}");
            }
        }

        var requestId = Text(item, "requestId", path);
        var walletId = Text(item, "walletId", path);
        if (!WireFormat.IsId(requestId))
        {
            throw new FormatException($"{path}.requestId: must be an id: 1-{WireFormat.MaxIdLength} characters of A-Z a-z 0-9 . _ : -");
        }

        if (!WireFormat.IsId(walletId))
        {
            throw new FormatException($"{path}.walletId: must be an id: 1-{WireFormat.MaxIdLength} characters of A-Z a-z 0-9 . _ : -");
        }

        if (!Asset.TryParse(Text(item, "asset", path), out var asset))
        {
            throw new FormatException($"{path}.asset: must be \"native\" or an EIP-55 token address");
        }

        var amountText = Text(item, "amount", path);
        if (!WireFormat.IsAmount(amountText))
        {
            throw new FormatException($"{path}.amount: must be a decimal string in [0, 2^256-1]");
        }

        if (!Rfc3339.TryParse(Text(item, "at", path), out var at))
        {
            throw new FormatException($"{path}.at: {Rfc3339.Requirement}");
        }

        return new VelocityEntry(requestId, walletId, asset, UInt256.Parse(amountText), at);
    }

    private static string Text(System.Text.Json.JsonElement item, string name, string path) =>
        !item.TryGetProperty(name, out var value) ? throw new FormatException($"{path}.{name}: is required")
        : value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString()!
        : throw new FormatException($"{path}.{name}: must be a string");
}
