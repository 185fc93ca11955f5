using Custody.Gcp.PubSub;
using Custody.Messaging.Outbox;
using Custody.Testing;
using Google.Cloud.PubSub.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Messaging.Tests.Outbox;

public sealed class when_the_relay_publishes_through_the_batching_publisher(FirestoreEmulator firestore, PubSubEmulator pubSub) : IDisposable
{
    private readonly OutboxWorld _world = new(firestore, pubSub);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task pipelined_entries_arrive_in_commit_order_per_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var keys = new[] { "wallet-x", "wallet-y" };
        foreach (var i in Enumerable.Range(0, 8))
        {
            foreach (var key in keys)
            {
                await _world.CommitEventAsync($"{key}-{i}", key, ct);
            }
        }

        await using (var publisher = new PubSubPublisher(_world.Channels, new PublisherSettings(), NullLogger<PubSubPublisher>.Instance))
        {
            var transport = new PubSubPublisherTransport(publisher);
            Assert.True(((IOutboxTransport)transport).PreservesOrderPerKey);
            using var relay = _world.Relay(transport);
            var pass = await relay.RunPassAsync(ct);
            Assert.Equal(new OutboxPass(16, 0, false), pass);
        }

        Assert.Equal(0, await _world.UnpublishedCountAsync(ct));
        var received = new List<(string Key, string RequestId)>();
        await Eventually.UntilAsync(async () =>
        {
            var pulled = await _world.Subscriber.PullAsync(new PullRequest { Subscription = _world.SubscriptionName, MaxMessages = 20 }, cancellationToken: ct);
            foreach (var message in pulled.ReceivedMessages)
            {
                received.Add((message.Message.OrderingKey, message.Message.Attributes["requestId"]));
            }

            if (pulled.ReceivedMessages.Count > 0)
            {
                await _world.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = _world.SubscriptionName, AckIds = { pulled.ReceivedMessages.Select(m => m.AckId) } }, cancellationToken: ct);
            }

            return received.Count >= 16;
        }, TimeSpan.FromSeconds(60), "16 deliveries", ct);

        foreach (var key in keys)
        {
            Assert.Equal(Enumerable.Range(0, 8).Select(i => $"{key}-{i}"), received.Where(r => r.Key == key).Select(r => r.RequestId));
        }
    }
}
