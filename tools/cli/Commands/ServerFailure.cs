using System.Net.Http;
using System.Net.Sockets;
using Grpc.Core;

namespace Custody.Cli;

/// <summary>
/// One line for a server that cannot be reached or refuses: <c>error: &lt;what&gt; at &lt;where&gt;: &lt;reason&gt;</c>,
/// exit <see cref="ExitCodes.Unreachable"/>; no stack trace, no .NET type names (README "Exit codes").
/// </summary>
internal static class ServerFailure
{
    /// <summary>Exceptions that mean "the server did not answer as that server would".</summary>
    public static bool IsServerFailure(Exception e) =>
        e is RpcException or HttpRequestException or SocketException or TimeoutException or Gcp.Firestore.FirestoreException or IOException;

    public static int Report(string what, string where, Exception e)
    {
        Console.Error.WriteLine($"error: {what} at {where}: {Reason(e)}");
        return ExitCodes.Unreachable;
    }

    /// <summary>The plainest true reason found in the exception chain.</summary>
    public static string Reason(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        foreach (var cause in Chain(e))
        {
            switch (cause)
            {
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused (nothing listens there)";
                case SocketException { SocketErrorCode: SocketError.TimedOut }:
                    return "connection timed out";
                case SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData }:
                    return "host not found";
                case SocketException socket:
                    return $"network error {socket.SocketErrorCode}";
                case HttpProtocolException or HttpIOException:
                case HttpRequestException { HttpRequestError: HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.VersionNegotiationError }:
                case RpcException rpc when SaysProtocolError(rpc.Status.Detail):
                    return "the server there does not speak gRPC over HTTP/2 (protocol error)";
            }
        }

        return e switch
        {
            RpcException { StatusCode: StatusCode.DeadlineExceeded } => "no answer before the deadline",
            RpcException rpc => $"the call failed with status {rpc.StatusCode}" + (PlainDetail(rpc.Status.Detail) is { } detail ? $": {detail}" : ""),
            TimeoutException => "no answer in time",
            _ => PlainDetail(e.Message) ?? "the call failed",
        };
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (var cause = e; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
            if (cause is RpcException { Status.DebugException: { } debug })
            {
                foreach (var inner in Chain(debug))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>
    /// Whether a gRPC status detail tells of an HTTP-level protocol failure. The client does not always keep the
    /// exception (a status re-raised after a retry carries only its detail), so the detail's words count too.
    /// </summary>
    private static bool SaysProtocolError(string? detail) =>
        detail is not null && ProtocolErrorMarkers.Any(marker => detail.Contains(marker, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] ProtocolErrorMarkers = ["PROTOCOL_ERROR", "HttpProtocolError", "HTTP/2 handshake", "protocol downgraded", "response ended prematurely", "Bad gRPC response"];

    /// <summary>The first line of a server's detail, unless it is .NET diagnostics rather than the server's words.</summary>
    private static string? PlainDetail(string? detail)
    {
        var line = detail?.Split('\n')[0].Trim();
        return string.IsNullOrEmpty(line) || line.Contains("Exception", StringComparison.Ordinal) ? null : line.Length > 200 ? line[..200] : line;
    }
}
