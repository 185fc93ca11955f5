namespace Custody.Chain;

/// <summary>The transaction's nonce is below the account's current nonce (already used).</summary>
public sealed class NonceTooLowException(string method, long code, string message, string? data)
    : JsonRpcException(method, code, message, data);

/// <summary>The node already has this exact transaction (same hash) in its pool.</summary>
public sealed class AlreadyKnownException(string method, long code, string message, string? data)
    : JsonRpcException(method, code, message, data);

/// <summary>A pending transaction with the same nonce exists and the new fees do not outbid it enough.</summary>
public sealed class ReplacementUnderpricedException(string method, long code, string message, string? data)
    : JsonRpcException(method, code, message, data);

/// <summary>The sender cannot pay gasLimit × fee + value.</summary>
public sealed class InsufficientFundsException(string method, long code, string message, string? data)
    : JsonRpcException(method, code, message, data);

/// <summary>The EVM reverted (eth_call / eth_estimateGas); <see cref="Reason"/> is the decoded Error(string).</summary>
public sealed class ExecutionRevertedException(string method, long code, string message, string? data, byte[] revertData, string? reason)
    : JsonRpcException(method, code, message, data)
{
    private readonly byte[] _revertData = revertData;

    /// <summary>The raw revert data (empty when the node gave none).</summary>
    public ReadOnlySpan<byte> RevertData => _revertData;

    /// <summary>The decoded reason string, or null when the revert carried none or a custom error.</summary>
    public string? Reason { get; } = reason;
}
