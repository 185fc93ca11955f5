using Custody.Messaging.Outbox;
using Custody.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Messaging.Tests.Outbox;

public sealed class when_a_service_publishes_right_after_its_commit(FirestoreEmulator firestore, PubSubEmulator pubSub) : IDisposable
{
    private readonly OutboxWorld _world = new(firestore, pubSub);

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task the_entry_is_published_and_marked_without_a_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var transport = new EmulatorTransport(_world);
        using var relay = _world.Relay(transport); // never started: no pass runs

        var entry = await _world.CommitEventAsync("req-direct", orderingKey: null, ct);
        await relay.PublishCommittedAsync([entry], ct);

        Assert.Equal(["req-direct"], transport.Published.Select(p => p.RequestId));
        Assert.Equal(0, await _world.UnpublishedCountAsync(ct));
    }

    [Fact]
    public async Task an_ordered_entry_is_left_to_a_pass()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var transport = new EmulatorTransport(_world);
        using var relay = _world.Relay(transport);

        var entry = await _world.CommitEventAsync("req-ordered", orderingKey: "wallet-1", ct);
        await relay.PublishCommittedAsync([entry], ct);

        Assert.Empty(transport.Published);
        Assert.Equal(1, await _world.UnpublishedCountAsync(ct));
    }

    [Fact]
    public async Task a_pass_leaves_fresh_unordered_entries_to_the_direct_publish_and_takes_them_once_older()
    {
        var ct = TestContext.Current.CancellationToken;
        await _world.CreateTopicAsync(ct);
        var transport = new EmulatorTransport(_world);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        using var metrics = new MetricCollector(thisFlowOnly: true, "custody.outbox.lag", "messaging.client.sent.messages");
        using var relay = new OutboxRelay(_world.Database, transport, new OutboxRelayOptions(), NullLogger<OutboxRelay>.Instance, clock);

        await _world.CommitEventAsync("req-fresh", orderingKey: null, ct);
        var skipped = await relay.RunPassAsync(ct);
        clock.Now = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(6);
        var taken = await relay.RunPassAsync(ct);

        Assert.Equal(0, skipped.Published);
        Assert.False(skipped.MoreWaiting);
        Assert.Equal(1, taken.Published);
        Assert.Equal(["req-fresh"], transport.Published.Select(p => p.RequestId));
        // The relay's clock says 6 s after the commit: that is the lag it reports.
        Assert.InRange(Assert.Single(metrics.Of("custody.outbox.lag")).Value, 5_000, 60_000);
        Assert.Single(metrics.Of("messaging.client.sent.messages", ("messaging.system", "gcp_pubsub"), ("messaging.operation.name", "publish")));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
