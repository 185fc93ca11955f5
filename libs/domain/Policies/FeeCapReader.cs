using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>
/// Reads <c>$.feeCaps</c> (docs/policy.md "Fee caps"): chain id (a decimal string, 1..2^64-1, no leading zeros) ->
/// <c>{"maxFeePerGas", "maxTotalFee", "maxPriorityFeePerGas"?}</c>, amounts as decimal strings of wei. Every
/// problem is recorded with its path; nothing is defaulted.
/// </summary>
internal static class FeeCapReader
{
    private const string Member = "feeCaps";

    public static FrozenDictionary<ulong, FeeCap> Read(JsonElement root, PolicyJsonReader r)
    {
        var caps = new Dictionary<ulong, FeeCap>();
        if (!PolicyJsonReader.TryMember(root, Member, out var element))
        {
            return caps.ToFrozenDictionary();
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            r.Fail($"$.{Member}", "must be an object of chain id -> {maxFeePerGas, maxTotalFee, maxPriorityFeePerGas?}");
            return caps.ToFrozenDictionary();
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"$.{Member}.{property.Name}";
            if (!TryChainId(property.Name, out var chainId))
            {
                r.Fail(path, "the name must be a chain id: a decimal number in [1, 2^64-1] without sign or leading zeros");
                continue;
            }

            if (ReadCap(property.Value, path, r) is { } cap)
            {
                caps[chainId] = cap;
            }
        }

        return caps.ToFrozenDictionary();
    }

    private static FeeCap? ReadCap(JsonElement element, string path, PolicyJsonReader r)
    {
        if (!r.Object(element, path, ["maxFeePerGas", "maxTotalFee", "maxPriorityFeePerGas"], "maxFeePerGas", "maxTotalFee"))
        {
            return null;
        }

        var before = r.Errors.Count;
        var maxFee = Positive(element.GetProperty("maxFeePerGas"), $"{path}.maxFeePerGas", r);
        var maxTotal = Positive(element.GetProperty("maxTotalFee"), $"{path}.maxTotalFee", r);
        UInt256? maxTip = null;
        if (PolicyJsonReader.TryMember(element, "maxPriorityFeePerGas", out var tipElement) && r.Amount(tipElement, $"{path}.maxPriorityFeePerGas") is { } tip)
        {
            maxTip = UInt256.Create(tip);
            if (maxFee is { } fee && maxTip > fee)
            {
                r.Fail($"{path}.maxPriorityFeePerGas", "must not exceed maxFeePerGas (EIP-1559: the priority fee is part of the fee per gas)");
            }
        }

        return r.Errors.Count == before && maxFee is { } f && maxTotal is { } t ? new FeeCap(f, t, maxTip) : null;
    }

    private static UInt256? Positive(JsonElement element, string path, PolicyJsonReader r)
    {
        if (r.Amount(element, path) is not { } amount)
        {
            return null;
        }

        if (amount.IsZero)
        {
            r.Fail(path, "must be at least 1 wei (a zero cap would refuse every transaction; omit the chain to refuse it)");
            return null;
        }

        return UInt256.Create(amount);
    }

    private static bool TryChainId(string text, out ulong chainId)
    {
        chainId = 0;
        return text.Length is > 0 and <= 20 && text[0] != '0' && text.All(char.IsAsciiDigit) &&
            ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out chainId);
    }
}
