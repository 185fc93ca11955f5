using System.Diagnostics;
using Custody.Messaging.Tests.Support;
using Custody.Testing;

namespace Custody.Messaging.Tests.Emulator;

public sealed class when_events_travel_through_pubsub(PubSubEmulator emulator)
{
    private readonly string _project = GoogleEmulator.NewProjectId("msg");

    [Fact]
    public async Task the_handler_receives_the_typed_event_with_its_cloudevents_attributes()
    {
        await using var bus = await EmulatorBus.StartAsync(emulator, _project, m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders-placed")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-placed-handler"));
        var order = new OrderPlaced("order-42", 1, "1000000000000000000");
        var before = DateTimeOffset.UtcNow;

        await bus.Bus.PublishAsync(order, ct: TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(() => !bus.Inbox.Items.IsEmpty, EmulatorBus.Deadline, "the handler to receive the event", TestContext.Current.CancellationToken);
        var received = Assert.Single(bus.Inbox.Items).Context;
        Assert.Equal(order, received.Event);
        Assert.Equal("custody.test.order-placed.v1", received.Type);
        Assert.Equal("//custody/messaging-tests", received.Source);
        Assert.True(Guid.TryParse(received.EventId, out _));
        Assert.InRange(received.Time, before, DateTimeOffset.UtcNow);
        Assert.Equal(1, received.DeliveryAttempt);
        Assert.False(string.IsNullOrEmpty(received.MessageId));
        Assert.Equal("orders-placed-handler", received.SubscriptionId);
        Assert.Null(received.OrderingKey);
    }

    [Fact]
    public async Task the_handler_runs_in_the_publishers_trace()
    {
        using var collector = new ActivityCollector();
        await using var bus = await EmulatorBus.StartAsync(emulator, _project, m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders-traced")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-traced-handler"));
        ActivityTraceId traceId;
        using (var request = ActivityCollector.TestSource.StartActivity("incoming request")!)
        {
            traceId = request.TraceId;
            await bus.Bus.PublishAsync(new OrderPlaced("order-7", 1, "1"), ct: TestContext.Current.CancellationToken);
        }

        await Eventually.UntilAsync(() => !bus.Inbox.Items.IsEmpty, EmulatorBus.Deadline, "the handler to receive the event", TestContext.Current.CancellationToken);
        var received = Assert.Single(bus.Inbox.Items);
        Assert.Equal(traceId, received.Activity.TraceId);
        Assert.Equal(traceId, received.Context.TraceContext.TraceId);

        await Eventually.UntilAsync(() => collector.InTrace(traceId).Any(a => a.Kind == ActivityKind.Consumer), EmulatorBus.Deadline, "the process span to end", TestContext.Current.CancellationToken);
        var spans = collector.InTrace(traceId);
        var send = Assert.Single(spans, a => a.Kind == ActivityKind.Producer);
        var process = Assert.Single(spans, a => a.Kind == ActivityKind.Consumer);
        Assert.Equal(send.SpanId, process.ParentSpanId);
        Assert.Equal(received.Activity.SpanId, process.SpanId);
        Assert.Equal(received.Context.MessageId, send.GetTagItem("messaging.message.id"));
        Assert.Equal(received.Context.MessageId, process.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task events_with_one_ordering_key_arrive_in_publish_order_with_their_key()
    {
        await using var bus = await EmulatorBus.StartAsync(emulator, _project, m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders-ordered")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-ordered-handler", configure: s => s.EnableMessageOrdering = true));
        const int count = 20;

        // Published back to back without awaiting each: order comes from the key, not from the test's pacing.
        var publishes = Enumerable.Range(1, count)
            .Select(i => bus.Bus.PublishAsync(new OrderPlaced("order-" + i, i, "1"), "wallet-1", TestContext.Current.CancellationToken))
            .ToList();
        await Task.WhenAll(publishes);

        await Eventually.UntilAsync(() => bus.Inbox.Items.Count >= count, EmulatorBus.Deadline, $"{count} events", TestContext.Current.CancellationToken);
        var received = bus.Inbox.Items.Select(r => r.Context).ToList();
        Assert.Equal(Enumerable.Range(1, count), received.Select(c => c.Event.Sequence));
        Assert.All(received, c => Assert.Equal("wallet-1", c.OrderingKey));
    }
}
