using Custody.Gcp.PubSub;
using Custody.Testing;
using Google.Cloud.PubSub.V1;

namespace Custody.Gcp.Tests.PubSub;

// The emulator has no server-side flow control (docs/google-cloud.md), so the client's own limit is tested against a fake
// that sends far more messages in one response than the subscriber may hold.
public sealed class when_the_server_sends_more_than_the_client_may_hold
{
    private const int Limit = 5;
    private const int Sent = 60;

    [Fact]
    public async Task never_more_than_the_limit_are_in_handlers_and_none_is_dropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var service = new FakeSubscriberService
        {
            OnStream = async (number, responses, context) =>
            {
                if (number == 1)
                {
                    var response = new StreamingPullResponse();
                    response.ReceivedMessages.AddRange(Enumerable.Range(0, Sent).Select(i => FakeSubscriberService.Message($"m{i}")));
                    await responses.WriteAsync(response, context.CancellationToken);
                }

                await FakeSubscriberService.UntilCancelledAsync(context);
            },
        };
        await using var fake = await FakeSubscription.StartAsync(service, new SubscriberSettings { MaxOutstandingMessages = Limit, MaxConcurrentHandlers = 32, StreamAckDeadlineSeconds = 30 });
        var inHandlers = 0;
        var peak = 0;
        var release = new SemaphoreSlim(0);
        await fake.Subscriber.StartAsync(
            async (_, _) =>
            {
                var now = Interlocked.Increment(ref inHandlers);
                InterlockedMax(ref peak, now);
                await release.WaitAsync(ct);
                Interlocked.Decrement(ref inHandlers);
                return AckDecision.Ack;
            },
            ct);

        await Eventually.UntilAsync(() => Volatile.Read(ref inHandlers) == Limit, TimeSpan.FromSeconds(10), "the first messages in handlers", ct);
        Assert.Equal(Sent, fake.Subscriber.Outstanding);
        // Held messages are leased too: each gets its receipt deadline change while waiting.
        await Eventually.UntilAsync(() => service.DeadlineChanges.Count >= Sent, TimeSpan.FromSeconds(10), "a receipt deadline change for every message", ct);
        release.Release(Sent);
        await Eventually.UntilAsync(() => service.Acked.Distinct().Count() == Sent, TimeSpan.FromSeconds(20), "every message acked", ct);

        Assert.InRange(peak, 1, Limit);
        Assert.Equal(Sent, service.Acked.Count);
        var first = Assert.Single(service.StreamRequests, r => r.Subscription.Length > 0);
        Assert.Equal(30, first.StreamAckDeadlineSeconds);
        Assert.Equal("projects/fake-project/subscriptions/fake-subscription", first.Subscription);
        Assert.All(Enumerable.Range(0, Sent), i => Assert.Contains(("ack-m" + i, 30), service.DeadlineChanges));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }
    }
}
