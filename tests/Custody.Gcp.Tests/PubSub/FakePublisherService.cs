using System.Collections.Concurrent;
using Google.Cloud.PubSub.V1;
using Grpc.Core;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>A Pub/Sub Publisher service whose answer the test chooses per call (<see cref="Respond"/>).</summary>
internal sealed class FakePublisherService : Publisher.PublisherBase
{
    private int _calls;

    /// <summary>Given the call number (from 1) and the request: null to accept, or the status to fail with.</summary>
    public Func<int, PublishRequest, StatusCode?> Respond { get; set; } = (_, _) => null;

    public ConcurrentQueue<PublishRequest> Requests { get; } = new();

    public ConcurrentQueue<string> RoutingHeaders { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public override Task<PublishResponse> Publish(PublishRequest request, ServerCallContext context)
    {
        var call = Interlocked.Increment(ref _calls);
        Requests.Enqueue(request);
        RoutingHeaders.Enqueue(context.RequestHeaders.GetValue(Custody.Gcp.Channels.RoutingHeaders.RequestParams) ?? "");
        var failure = Respond(call, request);
        if (failure is { } status)
        {
            throw new RpcException(new Status(status, $"fake publisher: call {call} fails with {status}"));
        }

        var response = new PublishResponse();
        response.MessageIds.AddRange(request.Messages.Select((_, i) => $"{call}-{i}"));
        return Task.FromResult(response);
    }
}
