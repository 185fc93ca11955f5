using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging.Outbox;
using Custody.Testing;
using Google.Cloud.PubSub.V1;

namespace Custody.Messaging.Tests.Outbox;

public sealed class when_the_relay_dies_after_the_commit(FirestoreEmulator firestore, PubSubEmulator pubSub) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly OutboxWorld _world = new(firestore, pubSub);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task a_new_relay_publishes_every_entry_and_the_consumer_applies_each_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var requests = Enumerable.Range(1, 6).Select(i => $"req-{i}").ToArray();
        foreach (var request in requests)
        {
            await _world.CommitEventAsync(request, orderingKey: "wallet-1", ct);
        }

        // The first relay publishes two entries, then "crashes" after the third publish, before marking it published.
        var dying = new DyingTransport(_world, dieAfter: 3);
        using (var first = _world.Relay(dying))
        {
            await first.StartAsync(ct);
            await Eventually.UntilAsync(() => dying.Died, Deadline, "the first relay to die", ct);
            await first.StopAsync(ct);
        }

        Assert.Equal(4, await _world.UnpublishedCountAsync(ct));

        var healthy = new EmulatorTransport(_world);
        using (var second = _world.Relay(healthy))
        {
            await second.StartAsync(ct);
            await Eventually.UntilAsync(async () => await _world.UnpublishedCountAsync(ct) == 0, Deadline, "the second relay to publish the rest", ct);
            await second.StopAsync(ct);
        }

        Assert.Equal(["req-3", "req-4", "req-5", "req-6"], healthy.Published.Select(p => p.RequestId));

        // The consumer sees req-3 twice (published by both relays) and applies it once.
        var deliveries = await ConsumeAsync(expectedDeliveries: 7, ct);
        Assert.Equal(2, deliveries.Count(d => d == "req-3"));
        foreach (var request in requests)
        {
            var effect = await _world.Database.GetAsync(DocumentPath.Of("effects", request), RawFields.Mapper, ct);
            Assert.Equal(1, effect!.Value.GetInteger("applied"));
        }

        // The consumer never failed: nothing may have been dead-lettered on the way.
        await DeadLetters.AssertOnlyFailedAsync(_world.Channels, OutboxWorld.Subscription, m => m.Attributes["requestId"], new HashSet<string>(), ct);
    }

    [Fact]
    public async Task entries_committed_while_no_relay_runs_are_published_when_one_starts()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        using var cancelled = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var never = new EmulatorTransport(_world);
        using (var killed = _world.Relay(never))
        {
            await cancelled.CancelAsync();
            await killed.StartAsync(cancelled.Token);
            await killed.StopAsync(ct);
        }

        await _world.CommitEventAsync("req-a", orderingKey: null, ct);
        await _world.CommitEventAsync("req-b", orderingKey: null, ct);
        Assert.Equal(2, await _world.UnpublishedCountAsync(ct));

        var transport = new EmulatorTransport(_world);
        using var relay = _world.Relay(transport);
        var pass = await relay.RunPassAsync(ct);

        Assert.Equal(new OutboxPass(2, 0, false), pass);
        Assert.Empty(never.Published);
        Assert.Equal(["req-a", "req-b"], transport.Published.Select(p => p.RequestId).Order(StringComparer.Ordinal));
        Assert.Equal(0, await _world.UnpublishedCountAsync(ct));
    }

    // Pulls until the expected number of deliveries arrived; applies each through the idempotency marker.
    private async Task<List<string>> ConsumeAsync(int expectedDeliveries, CancellationToken ct)
    {
        var deliveries = new List<string>();
        await Eventually.UntilAsync(async () =>
        {
            var pulled = await _world.Subscriber.PullAsync(new PullRequest { Subscription = _world.SubscriptionName, MaxMessages = 10 }, cancellationToken: ct);
            foreach (var received in pulled.ReceivedMessages)
            {
                var requestId = received.Message.Attributes["requestId"];
                deliveries.Add(requestId);
                await ApplyOnceAsync(requestId, ct);
                await _world.Subscriber.AcknowledgeAsync(new AcknowledgeRequest { Subscription = _world.SubscriptionName, AckIds = { received.AckId } }, cancellationToken: ct);
            }

            return deliveries.Count >= expectedDeliveries;
        }, Deadline, $"{expectedDeliveries} deliveries", ct);
        return deliveries;
    }

    private Task ApplyOnceAsync(string requestId, CancellationToken ct) =>
        _world.Database.RunTransactionAsync(async (tx, token) =>
        {
            if (!await tx.TryMarkProcessedAsync(requestId, "broadcast", DateTimeOffset.UtcNow, token))
            {
                return;
            }

            var path = DocumentPath.Of("effects", requestId);
            var current = await tx.GetAsync(path, RawFields.Mapper, token);
            var applied = current is null ? 0 : current.Value.GetInteger("applied");
            tx.Set(path, new FieldMap { ["applied"] = FieldValue.Integer(applied + 1) }, RawFields.Mapper);
        }, ct: ct);

    /// <summary>Publishes for real, then throws on the n-th publish after it was accepted (a crash before the mark).</summary>
    private sealed class DyingTransport(OutboxWorld world, int dieAfter) : EmulatorTransport(world)
    {
        private int _calls;

        public bool Died { get; private set; }

        public override async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
        {
            if (Died)
            {
                throw new InvalidOperationException("this relay is dead");
            }

            var id = await base.PublishAsync(topicId, message, ct);
            if (++_calls == dieAfter)
            {
                Died = true;
                throw new InvalidOperationException("crash between publish and mark");
            }

            return id;
        }
    }
}
