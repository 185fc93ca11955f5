using System.Collections.Concurrent;
using Custody.Gcp.PubSub;
using Custody.Testing;
using Google.Cloud.PubSub.V1;
using Grpc.Core;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_the_stream_drops
{
    [Fact]
    public async Task the_subscriber_reconnects_and_keeps_handling()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService
        {
            OnStream = async (number, responses, context) =>
            {
                await responses.WriteAsync(new StreamingPullResponse { ReceivedMessages = { FakeSubscriberService.Message($"on-stream-{number}") } }, context.CancellationToken);
                if (number == 1)
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "the server closes the stream"));
                }

                await FakeSubscriberService.UntilCancelledAsync(context);
            },
        };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { ReconnectInitialDelay = TimeSpan.FromMilliseconds(50) });
        var handled = new ConcurrentQueue<string>();
        await fake.Subscriber.StartAsync((m, _) => { handled.Enqueue(m.MessageId); return Task.FromResult(AckDecision.Ack); }, ct);

        await Eventually.UntilAsync(() => handled.Count >= 2, TimeSpan.FromSeconds(15), "a message on each stream", ct);
        Assert.Equal(["on-stream-1", "on-stream-2"], handled.OrderBy(m => m, StringComparer.Ordinal));
        Assert.Equal(2, service.Streams);
    }

    [Fact]
    public async Task a_non_retryable_status_stops_the_subscriber_with_that_status()
    {
        var service = new FakeSubscriberService { OnStream = (_, _, _) => throw new RpcException(new Status(StatusCode.NotFound, "no such subscription")) };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings());

        var started = fake.Subscriber.StartAsync((_, _) => Task.FromResult(AckDecision.Ack), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(() => fake.Subscriber.Completion.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        var startError = await Record.ExceptionAsync(() => started);
        Assert.True(startError is null or RpcException { StatusCode: StatusCode.NotFound }, $"StartAsync failed with {startError}");
        Assert.Equal(1, service.Streams);
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task an_idle_stream_gets_empty_keep_alive_requests()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService();
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { KeepAliveInterval = TimeSpan.FromMilliseconds(100) });
        await fake.Subscriber.StartAsync((_, _) => Task.FromResult(AckDecision.Ack), ct);

        await Eventually.UntilAsync(() => service.StreamRequests.Count(r => r.Equals(new StreamingPullRequest())) >= 3, TimeSpan.FromSeconds(10), "three keep-alive requests", ct);
        Assert.Equal(1, service.Streams);
    }
}
