namespace Custody.Chain;

/// <summary>
/// The node answered with a JSON-RPC error object. Never retried: the node received and judged the
/// request. Subclasses name the cases a wallet must handle (<see cref="NodeErrorClassifier"/>).
/// </summary>
public class JsonRpcException : Exception
{
    public JsonRpcException()
    {
    }

    public JsonRpcException(string message)
        : base(message)
    {
    }

    public JsonRpcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonRpcException(string method, long code, string nodeMessage, string? data)
        : base($"{method} failed with JSON-RPC error {code}: {nodeMessage}")
    {
        Method = method;
        Code = code;
        NodeMessage = nodeMessage;
        ErrorData = data;
    }

    public string Method { get; } = "";

    public long Code { get; }

    /// <summary>The node's error message, verbatim.</summary>
    public string NodeMessage { get; } = "";

    /// <summary>The error's optional data member as JSON text (for reverts: the revert data), null when absent.</summary>
    public string? ErrorData { get; }
}
