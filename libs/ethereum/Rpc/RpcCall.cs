using System.Text.Json;
using System.Text.Json.Nodes;

namespace Custody.Ethereum.Rpc;

/// <summary>One method call for a JSON-RPC batch (JSON-RPC 2.0 §6).</summary>
public sealed record RpcCall(string Method, JsonArray Params)
{
    public static RpcCall ChainId() => new("eth_chainId", []);

    public static RpcCall BlockNumber() => new("eth_blockNumber", []);

    public static RpcCall GetBalance(Address address, BlockTag block) =>
        new("eth_getBalance", [address.ToString(), block.ToString()]);

    public static RpcCall GetTransactionCount(Address address, BlockTag block) =>
        new("eth_getTransactionCount", [address.ToString(), block.ToString()]);

    public static RpcCall GasPrice() => new("eth_gasPrice", []);
}

/// <summary>The answer to one call of a batch: a result or the node's typed error.</summary>
public sealed class RpcResult
{
    private readonly JsonElement _result;

    internal RpcResult(JsonElement result, JsonRpcException? error)
    {
        _result = result;
        Error = error;
    }

    public JsonRpcException? Error { get; }

    /// <summary>The result value; throws the node's error if the call failed.</summary>
    public JsonElement Result => Error is null ? _result : throw Error;
}
