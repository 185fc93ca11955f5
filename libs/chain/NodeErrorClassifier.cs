using System.Text.Json;
using Custody.Ethereum;
using Custody.Ethereum.Abi;

namespace Custody.Chain;

/// <summary>
/// Maps a node's JSON-RPC error to a typed exception. Nodes report these cases by message text
/// (go-ethereum core/txpool errors, which reth and anvil mirror), so matching is on stable substrings.
/// </summary>
internal static class NodeErrorClassifier
{
    public static JsonRpcException Classify(string method, long code, string message, string? data)
    {
        var text = message.ToLowerInvariant();
        if (text.Contains("nonce too low", StringComparison.Ordinal))
        {
            return new NonceTooLowException(method, code, message, data);
        }

        if (text.Contains("already known", StringComparison.Ordinal)
            || text.Contains("already imported", StringComparison.Ordinal))
        {
            return new AlreadyKnownException(method, code, message, data);
        }

        if (text.Contains("replacement transaction underpriced", StringComparison.Ordinal)
            || text.Contains("replacement underpriced", StringComparison.Ordinal))
        {
            return new ReplacementUnderpricedException(method, code, message, data);
        }

        if (text.Contains("insufficient funds", StringComparison.Ordinal))
        {
            return new InsufficientFundsException(method, code, message, data);
        }

        // EIP-1474 / geth: code 3 "execution reverted" with the revert data as a hex string in data.
        if (code == 3 || text.Contains("execution reverted", StringComparison.Ordinal) || text.Contains("revert", StringComparison.Ordinal))
        {
            var revertData = RevertData(data);
            return new ExecutionRevertedException(method, code, message, data, revertData, RevertReason.TryDecode(revertData));
        }

        return new JsonRpcException(method, code, message, data);
    }

    /// <summary>The revert data when the error's data member is a JSON string of hex (geth, anvil); else empty.</summary>
    private static byte[] RevertData(string? data)
    {
        if (data is null)
        {
            return [];
        }

        try
        {
            using var json = JsonDocument.Parse(data);
            return json.RootElement is { ValueKind: JsonValueKind.String } hex && Hex.TryDecode(hex.GetString(), out var bytes) ? bytes : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
