namespace Custody.Chain;

/// <summary>
/// The request did not get a JSON-RPC answer: connection failure, timeout, HTTP error status or a body
/// that is not a JSON-RPC response. Raised after the configured retries are exhausted.
/// </summary>
public sealed class NodeTransportException : Exception
{
    /// <summary>The HTTP status when the node answered with a non-success status.</summary>
    public System.Net.HttpStatusCode? StatusCode { get; init; }

    public NodeTransportException()
    {
    }

    public NodeTransportException(string message)
        : base(message)
    {
    }

    public NodeTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
