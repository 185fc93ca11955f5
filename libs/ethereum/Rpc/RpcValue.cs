using System.Text.Json;

namespace Custody.Ethereum.Rpc;

/// <summary>Strict readers for JSON-RPC result values (QUANTITY and DATA encodings of the Ethereum JSON-RPC spec).</summary>
public static class RpcValue
{
    /// <summary>A QUANTITY: "0x" + hex digits without leading zeros ("0x0" for zero).</summary>
    public static UInt256 Quantity(JsonElement element)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (text is null || !text.StartsWith("0x", StringComparison.Ordinal) || (text.Length > 3 && text[2] == '0')
            || !UInt256.TryParse(text, out var value))
        {
            throw new EthereumFormatException("Expected a JSON-RPC QUANTITY (0x-hex without leading zeros).");
        }

        return value;
    }

    /// <summary>A QUANTITY that fits in 64 bits (block numbers, nonces, gas).</summary>
    public static ulong Quantity64(JsonElement element)
    {
        var value = Quantity(element);
        return value.MinimalByteLength <= sizeof(ulong)
            ? value.ToUInt64()
            : throw new EthereumFormatException("A JSON-RPC quantity exceeds 64 bits.");
    }

    /// <summary>Unformatted DATA: 0x-prefixed hex with an even number of digits.</summary>
    public static byte[] Data(JsonElement element) =>
        Hex.Decode(element.ValueKind == JsonValueKind.String ? element.GetString() : null, "JSON-RPC DATA");

    public static Bytes32 Hash(JsonElement element) =>
        Bytes32.Parse(element.ValueKind == JsonValueKind.String ? element.GetString() : null);

    public static Address Address(JsonElement element) =>
        Ethereum.Address.Parse(element.ValueKind == JsonValueKind.String ? element.GetString() : null);

    /// <summary>An optional address: null or absent stands for none (for example contract creation).</summary>
    public static Address? OptionalAddress(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Address(value) : null;

    public static JsonElement Required(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value)
            ? value
            : throw new EthereumFormatException($"The node's answer lacks \"{name}\".");
}
