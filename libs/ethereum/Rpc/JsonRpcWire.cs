using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Custody.Ethereum.Rpc;

/// <summary>A JSON-RPC 2.0 request object (JSON-RPC 2.0 specification §4).</summary>
internal sealed record JsonRpcRequest(
    [property: JsonPropertyName("jsonrpc")] string JsonRpc,
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("params")] JsonArray Params);

/// <summary>A JSON-RPC 2.0 response object (§5): exactly one of result or error.</summary>
internal sealed record JsonRpcResponse(
    [property: JsonPropertyName("jsonrpc")] string? JsonRpc,
    [property: JsonPropertyName("id")] JsonElement Id,
    [property: JsonPropertyName("result")] JsonElement Result,
    [property: JsonPropertyName("error")] JsonRpcError? Error);

/// <summary>The error member of a response (§5.1).</summary>
internal sealed record JsonRpcError(
    [property: JsonPropertyName("code")] long Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("data")] JsonElement? Data);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JsonRpcRequest))]
[JsonSerializable(typeof(List<JsonRpcRequest>))]
[JsonSerializable(typeof(JsonRpcResponse))]
[JsonSerializable(typeof(List<JsonRpcResponse>))]
internal sealed partial class JsonRpcJsonContext : JsonSerializerContext;
