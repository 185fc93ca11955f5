using System.Diagnostics;
using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_the_bus_publishes
{
    private static InMemoryBus Bus() => InMemoryBus.Create(m => m.AddEvent(TestEventTypes.OrderPlaced, "orders"));

    [Fact]
    public async Task the_event_goes_to_its_registered_topic_as_a_cloudevent()
    {
        await using var bus = Bus();

        await bus.Bus.PublishAsync(new OrderPlaced("o-1", 1, "5"), "wallet-1", TestContext.Current.CancellationToken);

        var (topic, message) = Assert.Single(bus.Transport.Published);
        Assert.Equal("orders", topic);
        Assert.Equal("wallet-1", message.OrderingKey);
        Assert.Equal("custody.test.order-placed.v1", message.Attributes["ce-type"]);
        Assert.Equal("//custody/tests", message.Attributes["ce-source"]);
    }

    [Fact]
    public async Task the_message_names_the_producer_span_as_its_parent()
    {
        using var collector = new ActivityCollector();
        await using var bus = Bus();
        using var root = ActivityCollector.TestSource.StartActivity("request")!;

        await bus.Bus.PublishAsync(new OrderPlaced("o-1", 1, "5"), "wallet-1", TestContext.Current.CancellationToken);

        var (_, message) = Assert.Single(bus.Transport.Published);
        var send = Assert.Single(collector.InTrace(root.TraceId), a => a.Source.Name == MessagingTelemetry.SourceName);
        Assert.Equal(root.SpanId, send.ParentSpanId);
        Assert.Equal($"00-{send.TraceId.ToHexString()}-{send.SpanId.ToHexString()}-01", message.Attributes["traceparent"]);
        Assert.Equal(ActivityKind.Producer, send.Kind);
        Assert.Equal("send orders", send.DisplayName);
        Assert.Equal("gcp_pubsub", send.GetTagItem("messaging.system"));
        Assert.Equal("send", send.GetTagItem("messaging.operation.type"));
        Assert.Equal("orders", send.GetTagItem("messaging.destination.name"));
        Assert.Equal("wallet-1", send.GetTagItem("messaging.gcp_pubsub.message.ordering_key"));
        Assert.Equal("1", send.GetTagItem("messaging.message.id"));
    }

    [Fact]
    public async Task an_unregistered_event_is_refused()
    {
        await using var bus = Bus();
        await Assert.ThrowsAsync<InvalidOperationException>(() => bus.Bus.PublishAsync(new OrderShipped("o-1"), ct: TestContext.Current.CancellationToken));
        Assert.Empty(bus.Transport.Published);
    }

    [Fact]
    public async Task a_failed_ordered_publish_throws_and_resumes_its_key()
    {
        await using var bus = Bus();
        bus.Transport.FailingTopic = "orders";

        await Assert.ThrowsAsync<InvalidOperationException>(() => bus.Bus.PublishAsync(new OrderPlaced("o-1", 1, "5"), "wallet-1", TestContext.Current.CancellationToken));

        Assert.Equal(("orders", "wallet-1"), Assert.Single(bus.Transport.Resumed));
    }
}
