using Grpc.Core;

namespace Custody.Gcp.PubSub;

/// <summary>
/// The gRPC status codes Google's Pub/Sub clients retry (pubsub_grpc_service_config.json in googleapis:
/// Publish retries ABORTED, CANCELLED, DEADLINE_EXCEEDED, INTERNAL, RESOURCE_EXHAUSTED, UNAVAILABLE, UNKNOWN;
/// StreamingPull reconnects on the same set). CANCELLED counts only when the server sent it, never when we
/// cancelled the call ourselves.
/// </summary>
internal static class RetryableStatus
{
    public static bool IsRetryable(RpcException error, CancellationToken ours) => error.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.Aborted or StatusCode.Internal or StatusCode.DeadlineExceeded
            or StatusCode.ResourceExhausted or StatusCode.Unknown => true,
        StatusCode.Cancelled => !ours.IsCancellationRequested,
        _ => false,
    };
}
