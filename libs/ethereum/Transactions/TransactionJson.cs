using System.Text.Json;
using System.Text.Json.Nodes;

namespace Custody.Ethereum.Transactions;

/// <summary>
/// The JSON notation of a transaction used by the <c>custody tx</c> commands and the cross-check tests:
/// fields type (0, 1, 2), chainId, nonce, to (absent or null for contract creation), value, data,
/// gasLimit, gasPrice or maxFeePerGas + maxPriorityFeePerGas, accessList [{address, storageKeys}].
/// Quantities are decimal strings, bytes 0x-hex, type a JSON number. Parsing is strict: unknown fields, numbers
/// for quantities, strings for the type, and fields that do not belong to the type are rejected. Each error
/// message is "$.field: reason", the wording of every other custody input.
/// </summary>
public static class TransactionJson
{
    private static readonly string[] CommonFields = ["type", "chainId", "nonce", "to", "value", "data", "gasLimit"];

    public static Transaction Parse(string json)
    {
        JsonNode? node;
        try
        {
            // Duplicate names are ambiguous (which "to" is meant?) and are rejected.
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false });
            _ = (node as JsonObject)?.Count; // materialise now so every structural error surfaces here
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new TransactionFormatException("$: not valid JSON (or repeats a field name)", e);
        }

        return Parse(node as JsonObject ?? throw new TransactionFormatException("$: must be an object"));
    }

    public static Transaction Parse(JsonObject json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var type = ReadType(json);
        string[] allowed = type switch
        {
            TransactionType.Legacy => [.. CommonFields, "gasPrice"],
            TransactionType.AccessList => [.. CommonFields, "gasPrice", "accessList"],
            _ => [.. CommonFields, "maxFeePerGas", "maxPriorityFeePerGas", "accessList"],
        };
        foreach (var (name, _) in json)
        {
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                throw new TransactionFormatException($"$.{name}: is not a field of a type {(byte)type} transaction");
            }
        }

        var chainId = Quantity(json, "chainId");
        var nonce = Quantity(json, "nonce");
        var gasLimit = Quantity(json, "gasLimit");
        var to = json["to"] is null ? (Address?)null : AddressField(json, "to", "$.to");
        var value = json.ContainsKey("value") ? UInt256Field(json, "value") : UInt256.Zero;
        ReadOnlyMemory<byte> data = json.ContainsKey("data")
            ? Hex.TryDecode(Text(json, "data", "$.data"), out var bytes) ? bytes : throw new TransactionFormatException("$.data: must be 0x followed by an even number of hex digits")
            : Array.Empty<byte>();
        Transaction transaction = type switch
        {
            TransactionType.Legacy => new LegacyTransaction
            {
                ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data,
                GasPrice = UInt256Field(json, "gasPrice"),
            },
            TransactionType.AccessList => new AccessListTransaction
            {
                ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data,
                GasPrice = UInt256Field(json, "gasPrice"),
                AccessList = ReadAccessList(json),
            },
            _ => new DynamicFeeTransaction
            {
                ChainId = chainId, Nonce = nonce, GasLimit = gasLimit, To = to, Value = value, Data = data,
                MaxFeePerGas = UInt256Field(json, "maxFeePerGas"),
                MaxPriorityFeePerGas = UInt256Field(json, "maxPriorityFeePerGas"),
                AccessList = ReadAccessList(json),
            },
        };
        transaction.Validate();
        return transaction;
    }

    /// <summary>The transaction's fields in this notation (to is null for contract creation).</summary>
    public static JsonObject ToJson(Transaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        var json = new JsonObject
        {
            ["type"] = (int)transaction.Type,
            ["chainId"] = transaction.ChainId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["nonce"] = transaction.Nonce.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["to"] = transaction.To?.ToString(),
            ["value"] = transaction.Value.ToString(),
            ["data"] = Hex.Encode(transaction.Data.Span),
            ["gasLimit"] = transaction.GasLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        switch (transaction)
        {
            case LegacyTransaction legacy:
                json["gasPrice"] = legacy.GasPrice.ToString();
                break;
            case AccessListTransaction accessList:
                json["gasPrice"] = accessList.GasPrice.ToString();
                json["accessList"] = WriteAccessList(accessList.AccessList);
                break;
            case DynamicFeeTransaction dynamicFee:
                json["maxFeePerGas"] = dynamicFee.MaxFeePerGas.ToString();
                json["maxPriorityFeePerGas"] = dynamicFee.MaxPriorityFeePerGas.ToString();
                json["accessList"] = WriteAccessList(dynamicFee.AccessList);
                break;
            default:
                throw new NotSupportedException($"Transaction type {transaction.Type} has no JSON notation.");
        }

        return json;
    }

    /// <summary>A signed transaction: all fields plus yParity, r, s, the recovered "from" and the "hash".</summary>
    public static JsonObject ToJson(SignedTransaction signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var json = ToJson(signed.Transaction);
        json["yParity"] = (int)signed.Signature.YParity;
        json["r"] = signed.Signature.R.ToString();
        json["s"] = signed.Signature.S.ToString();
        json["from"] = signed.RecoverSender().ToString();
        json["hash"] = signed.Hash.ToString();
        return json;
    }

    private static TransactionType ReadType(JsonObject json)
    {
        if (json["type"] is JsonValue value && value.TryGetValue<int>(out var number) && number is >= 0 and <= 2)
        {
            return (TransactionType)number;
        }

        throw new TransactionFormatException("$.type: must be the number 0 (legacy), 1 (EIP-2930) or 2 (EIP-1559)");
    }

    private static Address AddressField(JsonObject json, string name, string path) =>
        Address.TryParse(Text(json, name, path), out var address)
            ? address
            : throw new TransactionFormatException($"{path}: must be an address, 0x followed by 40 hex digits (mixed case only with a valid EIP-55 checksum)");

    private static string Text(JsonObject json, string name, string path)
    {
        if (json[name] is JsonValue value && value.TryGetValue<string>(out var text))
        {
            return text;
        }

        throw new TransactionFormatException($"{path}: must be a string");
    }

    private static UInt256 UInt256Field(JsonObject json, string name)
    {
        if (!json.ContainsKey(name))
        {
            throw new TransactionFormatException($"$.{name}: is required");
        }

        var text = Text(json, name, $"$.{name}");
        return IsPlainDecimal(text) && UInt256.TryParse(text, out var value)
            ? value
            : throw new TransactionFormatException($"$.{name}: must be a decimal string in [0, 2^256-1] without sign or leading zeros");
    }

    /// <summary>Decimal digits only, no sign, no leading zero ("0" itself is fine): the request contract's amount notation.</summary>
    private static bool IsPlainDecimal(string text) =>
        text.Length is > 0 and <= 78 && text.All(char.IsAsciiDigit) && (text.Length == 1 || text[0] != '0');

    private static ulong Quantity(JsonObject json, string name)
    {
        var value = UInt256Field(json, name);
        return value.MinimalByteLength <= sizeof(ulong)
            ? value.ToUInt64()
            : throw new TransactionFormatException($"$.{name}: must be a decimal string in [0, 2^64-1]");
    }

    private static List<AccessListEntry> ReadAccessList(JsonObject json)
    {
        if (json["accessList"] is null)
        {
            return [];
        }

        if (json["accessList"] is not JsonArray array)
        {
            throw new TransactionFormatException("$.accessList: must be an array");
        }

        var entries = new List<AccessListEntry>();
        var index = -1;
        foreach (var element in array)
        {
            index++;
            if (element is not JsonObject entry || entry.Count != 2 || entry["storageKeys"] is not JsonArray keys)
            {
                throw new TransactionFormatException($"$.accessList[{index}]: must be an object with exactly address and storageKeys (an array)");
            }

            var address = AddressField(entry, "address", $"$.accessList[{index}].address");
            var storageKeys = keys.Select(key =>
                key is JsonValue v && v.TryGetValue<string>(out var s) && Bytes32.TryParse(s, out var storageKey)
                    ? storageKey
                    : throw new TransactionFormatException($"$.accessList[{index}].storageKeys: each must be 0x followed by 64 hex digits")).ToList();
            entries.Add(new AccessListEntry(address, storageKeys));
        }

        return entries;
    }

    private static JsonArray WriteAccessList(IReadOnlyList<AccessListEntry> accessList) =>
        new([.. accessList.Select(entry => (JsonNode)new JsonObject
        {
            ["address"] = entry.Address.ToString(),
            ["storageKeys"] = new JsonArray([.. entry.StorageKeys.Select(key => (JsonNode)JsonValue.Create(key.ToString()))]),
        })]);
}
