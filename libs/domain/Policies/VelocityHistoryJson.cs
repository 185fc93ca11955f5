using System.Text.Json;
using Custody.Contracts;
using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// Reads a velocity history file (docs/policy.md "Velocity history"): a JSON array of
/// <c>{"requestId", "walletId", "asset": "native" | token address, "amount": decimal string, "at": RFC 3339}</c>.
/// </summary>
public static class VelocityHistoryJson
{
    public static IReadOnlyList<VelocityEntry> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false });
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("$: a velocity history is a JSON array");
        }

        var entries = new List<VelocityEntry>();
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            var path = $"$[{index++}]";
            if (item.ValueKind != JsonValueKind.Object || item.EnumerateObject().Count() != 5)
            {
                throw new FormatException($"{path}: must be an object with exactly requestId, walletId, asset, amount, at");
            }

            var requestId = Text(item, "requestId", path);
            var walletId = Text(item, "walletId", path);
            if (!WireFormat.IsId(requestId) || !WireFormat.IsId(walletId))
            {
                throw new FormatException($"{path}: requestId and walletId must be ids");
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

            if (!item.GetProperty("at").TryGetDateTimeOffset(out var at))
            {
                throw new FormatException($"{path}.at: must be an RFC 3339 date-time");
            }

            entries.Add(new VelocityEntry(requestId, walletId, asset, UInt256.Parse(amountText), at));
        }

        return entries;
    }

    private static string Text(JsonElement item, string name, string path) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"{path}.{name}: is required and must be a string");
}
