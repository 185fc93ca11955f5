using System.Collections.Frozen;
using System.Text.Json;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>Reads the <c>when</c> object of a rule (docs/policy.md "Conditions").</summary>
internal static class RuleConditionReader
{
    public static RuleCondition? Read(
        JsonElement element, string path, FrozenDictionary<string, FrozenSet<Address>> books, PolicyJsonReader r)
    {
        string[] members = ["wallets", "assets", "destination", "amount", "velocity", "initiators", "contractCall"];
        if (!r.Object(element, path, members))
        {
            return null;
        }

        var errorsBefore = r.Errors.Count;
        var wallets = PolicyJsonReader.TryMember(element, "wallets", out var w) ? r.IdList(w, $"{path}.wallets")?.ToFrozenSet(StringComparer.Ordinal) : null;
        var assets = PolicyJsonReader.TryMember(element, "assets", out var a) ? r.AssetList(a, $"{path}.assets")?.ToFrozenSet() : null;
        var initiators = PolicyJsonReader.TryMember(element, "initiators", out var i) ? r.TextList(i, $"{path}.initiators")?.ToFrozenSet(StringComparer.Ordinal) : null;
        var destination = PolicyJsonReader.TryMember(element, "destination", out var d) ? ReadDestination(d, $"{path}.destination", books, r) : DestinationCondition.Any;
        var amount = PolicyJsonReader.TryMember(element, "amount", out var am) ? ReadRange(am, $"{path}.amount", [], r) : null;
        var velocity = PolicyJsonReader.TryMember(element, "velocity", out var v) ? ReadVelocity(v, $"{path}.velocity", r) : null;
        var contractCall = PolicyJsonReader.TryMember(element, "contractCall", out var c) ? r.Bool(c, $"{path}.contractCall") : false;
        return r.Errors.Count == errorsBefore && destination is not null && contractCall is { } allowCalls
            ? new RuleCondition(wallets, assets, destination, amount, velocity, initiators, allowCalls)
            : null;
    }

    private static DestinationCondition? ReadDestination(
        JsonElement element, string path, FrozenDictionary<string, FrozenSet<Address>> books, PolicyJsonReader r)
    {
        var type = PolicyJsonReader.TryMember(element, "type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "any":
                return r.Object(element, path, ["type"]) ? DestinationCondition.Any : null;
            case "whitelist":
                if (!r.Object(element, path, ["type", "addresses"], "addresses"))
                {
                    return null;
                }

                var addresses = r.AddressList(element.GetProperty("addresses"), $"{path}.addresses");
                return addresses is null ? null : new DestinationCondition(DestinationKind.Whitelist, null, addresses.ToFrozenSet());
            case "addressBook":
                if (!r.Object(element, path, ["type", "name"], "name"))
                {
                    return null;
                }

                var name = r.Id(element.GetProperty("name"), $"{path}.name");
                if (name is null)
                {
                    return null;
                }

                if (!books.TryGetValue(name, out var book))
                {
                    r.Fail($"{path}.name", $"unknown address book \"{name}\" (not in $.addressBooks)");
                    return null;
                }

                return new DestinationCondition(DestinationKind.AddressBook, name, book);
            default:
                if (r.Object(element, path, ["type", "addresses", "name"], "type"))
                {
                    r.Fail($"{path}.type", "must be any, whitelist or addressBook");
                }

                return null;
        }
    }

    private static AmountRange? ReadRange(JsonElement element, string path, string[] extra, PolicyJsonReader r)
    {
        if (!r.Object(element, path, ["min", "max", .. extra]))
        {
            return null;
        }

        var hasMin = element.TryGetProperty("min", out var minElement);
        var hasMax = element.TryGetProperty("max", out var maxElement);
        if (!hasMin && !hasMax)
        {
            r.Fail(path, "needs min, max or both");
            return null;
        }

        var min = hasMin ? r.Amount(minElement, $"{path}.min") : null;
        var max = hasMax ? r.Amount(maxElement, $"{path}.max") : null;
        if ((hasMin && min is null) || (hasMax && max is null))
        {
            return null;
        }

        if (min > max)
        {
            r.Fail(path, $"min {min} is greater than max {max}");
            return null;
        }

        return new AmountRange(min, max);
    }

    private static VelocityCondition? ReadVelocity(JsonElement element, string path, PolicyJsonReader r)
    {
        if (!r.Object(element, path, ["windowSeconds", "min", "max"], "windowSeconds"))
        {
            return null;
        }

        var window = r.Integer(element.GetProperty("windowSeconds"), $"{path}.windowSeconds", 1, PolicyParser.MaxWindowSeconds);
        var range = ReadRange(element, path, ["windowSeconds"], r);
        return window is { } seconds && range is not null ? new VelocityCondition(TimeSpan.FromSeconds(seconds), range) : null;
    }
}
