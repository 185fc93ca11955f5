using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Messaging.Tests.Outbox;

public sealed class when_entries_share_an_ordering_key(FirestoreEmulator firestore, PubSubEmulator pubSub) : IDisposable
{
    private readonly OutboxWorld _world = new(firestore, pubSub);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task each_key_is_published_in_commit_order_even_when_a_publish_fails()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var keys = new[] { "wallet-a", "wallet-b", "wallet-c" };

        // Three writers commit concurrently, each its own key, ten events in order.
        var committed = await Task.WhenAll(keys.Select(async key =>
        {
            var order = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var entry = await _world.CommitEventAsync($"{key}-{i}", key, ct);
                Assert.Equal(i + 1, entry.Sequence);
                order.Add($"{key}-{i}");
            }

            return (key, order);
        }));

        // The transport refuses wallet-b's fourth event once: wallet-b's later events must wait for it.
        var transport = new FlakyTransport(_world, failOnce: "wallet-b-3");
        using var relay = _world.Relay(transport);
        await relay.StartAsync(ct);
        await Eventually.UntilAsync(async () => await _world.UnpublishedCountAsync(ct) == 0, TimeSpan.FromSeconds(60), "every entry to be published", ct);
        await relay.StopAsync(ct);

        Assert.True(transport.Failed);
        foreach (var (key, order) in committed)
        {
            Assert.Equal(order, transport.Published.Where(p => p.Key == key).Select(p => p.RequestId));
        }
    }

    [Fact]
    public async Task an_invalid_entry_is_refused_before_anything_commits()
    {
        var ct = TestContext.Current.CancellationToken;
        var message = new OutgoingMessage(new byte[1], new Dictionary<string, string> { ["googReserved"] = "x" });

        await Assert.ThrowsAsync<ArgumentException>(() => _world.Database.RunTransactionAsync((tx, token) => _world.Writer.AddAsync(tx, "transaction-signed", message, token), ct: ct));
        await Assert.ThrowsAsync<ArgumentException>(() => _world.Database.RunTransactionAsync((tx, token) => _world.Writer.AddAsync(tx, "9-bad-topic", message with { Attributes = new Dictionary<string, string>() }, token), ct: ct));
        Assert.Equal(0, await _world.UnpublishedCountAsync(ct));
    }

    private sealed class FlakyTransport(OutboxWorld world, string failOnce) : EmulatorTransport(world)
    {
        public bool Failed { get; private set; }

        public override Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
        {
            if (!Failed && message.Attributes["requestId"] == failOnce)
            {
                Failed = true;
                throw new InvalidOperationException("publish refused");
            }

            return base.PublishAsync(topicId, message, ct);
        }
    }
}
