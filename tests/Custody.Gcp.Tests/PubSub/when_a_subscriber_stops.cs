using Custody.Gcp.PubSub;
using Custody.Testing;
using Google.Cloud.PubSub.V1;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_a_subscriber_stops
{
    [Fact]
    public async Task the_running_handler_finishes_and_is_acked_and_undispatched_messages_are_nacked()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService
        {
            OnStream = async (number, responses, context) =>
            {
                var response = new StreamingPullResponse();
                response.ReceivedMessages.AddRange(Enumerable.Range(0, 5).Select(i => FakeSubscriberService.Message($"m{i}", i < 3 ? null : "key")));
                await responses.WriteAsync(response, context.CancellationToken);
                await FakeSubscriberService.UntilCancelledAsync(context);
            },
        };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { MaxConcurrentHandlers = 1 });
        var entered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource<AckDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        await fake.Subscriber.StartAsync(
            (message, _) =>
            {
                entered.TrySetResult(message.MessageId);
                return finish.Task;
            },
            ct);
        var running = await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        await Eventually.UntilAsync(() => fake.Subscriber.Outstanding == 5, TimeSpan.FromSeconds(10), "all five messages received", ct);

        var stopping = fake.Subscriber.StopAsync(ct);
        Assert.False(stopping.IsCompleted);
        finish.SetResult(AckDecision.Ack);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(["ack-" + running], service.Acked);
        var nacked = service.DeadlineChanges.Where(c => c.Seconds == 0).Select(c => c.AckId).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"ack-m{i}").Where(a => a != "ack-" + running), nacked);
    }

    [Fact]
    public async Task the_stream_is_half_closed_and_the_server_ends_it_and_a_message_arriving_meanwhile_is_nacked_unhandled()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService
        {
            OnStream = async (_, responses, context) =>
            {
                await responses.WriteAsync(new StreamingPullResponse { ReceivedMessages = { FakeSubscriberService.Message("early") } }, context.CancellationToken);
                await FakeSubscriberService.UntilCancelledAsync(context);
            },
            OnHalfClose = (responses, context) => responses.WriteAsync(new StreamingPullResponse { ReceivedMessages = { FakeSubscriberService.Message("late") } }, context.CancellationToken),
        };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { StreamCloseTimeout = TimeSpan.FromSeconds(60) });
        var handled = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await fake.Subscriber.StartAsync(
            (message, _) =>
            {
                handled.Enqueue(message.MessageId);
                return Task.FromResult(AckDecision.Ack);
            },
            ct);
        await Eventually.UntilAsync(() => service.Acked.Contains("ack-early"), TimeSpan.FromSeconds(10), "the first message acked", ct);

        // Well under the 60 s close timeout: the stop ends when the server ends the stream, not at the bound.
        await fake.Subscriber.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(1, service.HalfCloses);
        Assert.Equal(["early"], handled);
        Assert.Contains(("ack-late", 0), service.DeadlineChanges);
        Assert.DoesNotContain("ack-late", service.Acked);
    }

    [Fact]
    public async Task a_stream_the_server_does_not_end_after_the_half_close_is_cancelled_at_the_close_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService { EndsStreamOnHalfClose = false };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { StreamCloseTimeout = TimeSpan.FromMilliseconds(300) });
        await fake.Subscriber.StartAsync((_, _) => Task.FromResult(AckDecision.Ack), ct);
        await Eventually.UntilAsync(() => service.Streams == 1, TimeSpan.FromSeconds(10), "the stream to open", ct);

        await fake.Subscriber.StopAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(1, service.HalfCloses);
        await Eventually.UntilAsync(() => service.CancelledStreams == 1, TimeSpan.FromSeconds(10), "the server to see the stream cancelled", ct);
        Assert.True(fake.Subscriber.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task a_handler_that_ignores_the_shutdown_timeout_is_cancelled_and_never_acked()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService
        {
            OnStream = async (_, responses, context) =>
            {
                await responses.WriteAsync(new StreamingPullResponse { ReceivedMessages = { FakeSubscriberService.Message("stuck") } }, context.CancellationToken);
                await FakeSubscriberService.UntilCancelledAsync(context);
            },
        };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { ShutdownTimeout = TimeSpan.FromMilliseconds(200) });
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await fake.Subscriber.StartAsync(
            async (_, handlerCt) =>
            {
                entered.SetResult();
                await Task.Delay(Timeout.Infinite, handlerCt).ContinueWith(_ => cancelled.SetResult(), TaskScheduler.Default);
                throw new OperationCanceledException(handlerCt);
            },
            ct);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);

        await fake.Subscriber.StopAsync(ct);

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Empty(service.Acked);
    }
}
