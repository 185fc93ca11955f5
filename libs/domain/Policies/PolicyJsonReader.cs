using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Custody.Contracts;
using Custody.Domain.Intents;
using Custody.Ethereum;

namespace Custody.Domain.Policies;

/// <summary>Typed reads of policy JSON values that record "path: reason" instead of throwing.</summary>
internal sealed class PolicyJsonReader
{
    private readonly List<PolicyError> _errors = [];

    public IReadOnlyList<PolicyError> Errors => _errors;

    public void Fail(string path, string reason) => _errors.Add(new PolicyError(path, reason));

    /// <summary>Checks that <paramref name="element"/> is an object with only the allowed members and all required ones.</summary>
    public bool Object(JsonElement element, string path, string[] allowed, params string[] required)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            Fail(path, "must be an object");
            return false;
        }

        var ok = true;
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                Fail($"{path}.{property.Name}", $"unknown member; allowed: {string.Join(", ", allowed)}");
                ok = false;
            }
        }

        foreach (var name in required)
        {
            if (!element.TryGetProperty(name, out _))
            {
                Fail($"{path}.{name}", "is required");
                ok = false;
            }
        }

        return ok;
    }

    public static bool TryMember(JsonElement element, string name, out JsonElement value) =>
        element.ValueKind == JsonValueKind.Object & element.TryGetProperty(name, out value);

    public string? Text(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String || !WireFormat.IsText(element.GetString()))
        {
            Fail(path, $"must be a string of 1-{WireFormat.MaxIdLength} printable characters without surrounding spaces");
            return null;
        }

        return element.GetString();
    }

    public string? Id(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String || !WireFormat.IsId(element.GetString()))
        {
            Fail(path, $"must be an id: 1-{WireFormat.MaxIdLength} characters of A-Z a-z 0-9 . _ : -");
            return null;
        }

        return element.GetString();
    }

    public bool? Bool(JsonElement element, string path)
    {
        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            Fail(path, "must be true or false");
            return null;
        }

        return element.GetBoolean();
    }

    public long? Integer(JsonElement element, string path, long min, long max)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value) || value < min || value > max)
        {
            Fail(path, $"must be an integer in [{min}, {max}]");
            return null;
        }

        return value;
    }

    /// <summary>A uint256 amount in base units, written as a decimal string.</summary>
    public BigInteger? Amount(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.String || !WireFormat.IsAmount(element.GetString()))
        {
            Fail(path, "must be a decimal string of base units in [0, 2^256-1], without sign or leading zeros");
            return null;
        }

        return BigInteger.Parse(element.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    public Address? Address(JsonElement element, string path)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (!ChecksumAddress.TryParse(text, out var address))
        {
            Fail(path, ChecksumAddress.Explain(text));
            return null;
        }

        return address;
    }

    public List<string>? IdList(JsonElement element, string path) =>
        DistinctArray(element, path, (item, itemPath) => Id(item, itemPath) is { } id ? (true, id) : (false, ""));

    public List<string>? TextList(JsonElement element, string path) =>
        DistinctArray(element, path, (item, itemPath) => Text(item, itemPath) is { } text ? (true, text) : (false, ""));

    public List<Address>? AddressList(JsonElement element, string path) =>
        DistinctArray(element, path, (item, itemPath) => Address(item, itemPath) is { } a ? (true, a) : (false, default));

    /// <summary>"native" or an ERC-20 contract address.</summary>
    public List<Asset>? AssetList(JsonElement element, string path) =>
        DistinctArray(element, path, (item, itemPath) =>
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (Asset.TryParse(text, out var asset))
            {
                return (true, asset);
            }

            Fail(itemPath, $"must be \"{Asset.NativeName}\" or an ERC-20 contract address ({ChecksumAddress.Explain(text)})");
            return (false, default);
        });

    /// <summary>A non-empty array of distinct items; null if the array or any item is bad.</summary>
    private List<T>? DistinctArray<T>(JsonElement element, string path, Func<JsonElement, string, (bool Ok, T Value)> read)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            Fail(path, "must be a non-empty array");
            return null;
        }

        var items = new List<T>();
        var ok = true;
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            var (itemOk, value) = read(item, itemPath);
            if (!itemOk)
            {
                ok = false;
            }
            else if (items.Contains(value))
            {
                Fail(itemPath, "duplicate entry");
                ok = false;
            }
            else
            {
                items.Add(value);
            }
        }

        return ok ? items : null;
    }
}
