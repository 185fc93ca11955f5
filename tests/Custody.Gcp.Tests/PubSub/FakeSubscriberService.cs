using System.Collections.Concurrent;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>
/// A Pub/Sub Subscriber service the test scripts: <see cref="OnStream"/> decides what each StreamingPull
/// (numbered from 1) sends; every request, ack and deadline change is recorded. Like Pub/Sub, it ends a stream
/// the client half-closes (after <see cref="OnHalfClose"/>), unless <see cref="EndsStreamOnHalfClose"/> is off.
/// </summary>
internal sealed class FakeSubscriberService : Subscriber.SubscriberBase
{
    private int _streams;
    private int _halfCloses;
    private int _cancelledStreams;

    public Func<int, IServerStreamWriter<StreamingPullResponse>, ServerCallContext, Task> OnStream { get; set; } = (_, _, context) => UntilCancelledAsync(context);

    public ConcurrentQueue<StreamingPullRequest> StreamRequests { get; } = new();

    public ConcurrentQueue<string> Acked { get; } = new();

    public ConcurrentQueue<(string AckId, int Seconds)> DeadlineChanges { get; } = new();

    public int Streams => Volatile.Read(ref _streams);

    /// <summary>Streams the client half-closed (completed its requests).</summary>
    public int HalfCloses => Volatile.Read(ref _halfCloses);

    /// <summary>Streams the client cancelled before the server ended them.</summary>
    public int CancelledStreams => Volatile.Read(ref _cancelledStreams);

    public bool EndsStreamOnHalfClose { get; set; } = true;

    /// <summary>What the server still sends after the half-close, before it ends the stream.</summary>
    public Func<IServerStreamWriter<StreamingPullResponse>, ServerCallContext, Task> OnHalfClose { get; set; } = (_, _) => Task.CompletedTask;

    public static ReceivedMessage Message(string id, string? orderingKey = null) => new()
    {
        AckId = "ack-" + id,
        Message = new PubsubMessage { MessageId = id, Data = ByteString.CopyFromUtf8("payload " + id), OrderingKey = orderingKey ?? "" },
    };

    public static async Task UntilCancelledAsync(ServerCallContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override async Task StreamingPull(IAsyncStreamReader<StreamingPullRequest> requestStream, IServerStreamWriter<StreamingPullResponse> responseStream, ServerCallContext context)
    {
        var number = Interlocked.Increment(ref _streams);
        var halfClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancelled = context.CancellationToken.Register(() => Interlocked.Increment(ref _cancelledStreams));
        _ = Task.Run(async () =>
        {
            try
            {
                while (await requestStream.MoveNext(context.CancellationToken))
                {
                    StreamRequests.Enqueue(requestStream.Current);
                }

                Interlocked.Increment(ref _halfCloses);
                halfClosed.TrySetResult();
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException or RpcException)
            {
            }
        });
        var streaming = OnStream(number, responseStream, context);
        if (!EndsStreamOnHalfClose || await Task.WhenAny(streaming, halfClosed.Task) == streaming)
        {
            await streaming;
            return;
        }

        await OnHalfClose(responseStream, context);
    }

    public override Task<Google.Protobuf.WellKnownTypes.Empty> Acknowledge(AcknowledgeRequest request, ServerCallContext context)
    {
        foreach (var id in request.AckIds)
        {
            Acked.Enqueue(id);
        }

        return Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty());
    }

    public override Task<Google.Protobuf.WellKnownTypes.Empty> ModifyAckDeadline(ModifyAckDeadlineRequest request, ServerCallContext context)
    {
        foreach (var id in request.AckIds)
        {
            DeadlineChanges.Enqueue((id, request.AckDeadlineSeconds));
        }

        return Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty());
    }
}
