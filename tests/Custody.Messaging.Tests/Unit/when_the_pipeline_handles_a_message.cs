using System.Diagnostics;
using System.Text;
using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_the_pipeline_handles_a_message
{
    private static readonly OrderPlaced Order = new("order-1", 1, "1000");

    private static InMemoryBus Bus<THandler>()
        where THandler : class, IEventHandler<OrderPlaced> =>
        InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddEvent(TestEventTypes.OrderShipped, "shipments")
            .AddSubscription<OrderPlaced, THandler>("orders-sub", configure: s => s.MaxDeliveryAttempts = 7));

    private static IncomingMessage Valid(string? orderingKey = null) =>
        InMemoryTransport.Deliver(EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", orderingKey), "m-1", 2);

    [Fact]
    public async Task a_handled_event_is_acked_and_the_handler_sees_it_with_its_context()
    {
        await using var bus = Bus<RecordingHandler>();
        var message = Valid("wallet-1");

        var decision = await bus.Pipeline("orders-sub").HandleAsync(message, TestContext.Current.CancellationToken);

        Assert.Equal(AckDecision.Ack, decision);
        var received = Assert.Single(bus.Inbox.Items).Context;
        Assert.Equal(Order, received.Event);
        Assert.Equal(message.Attributes["ce-id"], received.EventId);
        Assert.Equal(2, received.DeliveryAttempt);
        Assert.Equal("wallet-1", received.OrderingKey);
        Assert.Empty(bus.Transport.Published);
    }

    [Fact]
    public async Task a_throwing_handler_nacks_and_nothing_is_dead_lettered_by_us()
    {
        await using var bus = Bus<ThrowingHandler>();

        var decision = await bus.Pipeline("orders-sub").HandleAsync(Valid(), TestContext.Current.CancellationToken);

        Assert.Equal(AckDecision.Nack, decision);
        Assert.Single(bus.Inbox.Items);
        Assert.Empty(bus.Transport.Published);
    }

    [Fact]
    public async Task a_poison_message_is_dead_lettered_with_its_reason_then_acked()
    {
        await using var bus = Bus<RecordingHandler>();
        var valid = Valid("wallet-1");
        var poison = valid with { Data = Encoding.UTF8.GetBytes("{not json") };

        var decision = await bus.Pipeline("orders-sub").HandleAsync(poison, TestContext.Current.CancellationToken);

        Assert.Equal(AckDecision.Ack, decision);
        Assert.Empty(bus.Inbox.Items);
        var (topic, dead) = Assert.Single(bus.Transport.Published);
        Assert.Equal("orders-sub-dead-letter", topic);
        Assert.Equal("invalid-data", dead.Attributes["custody-dead-letter-reason"]);
        Assert.Equal("orders-sub", dead.Attributes["custody-dead-letter-subscription"]);
        Assert.Equal("m-1", dead.Attributes["custody-dead-letter-message-id"]);
        Assert.Equal("wallet-1", dead.Attributes["custody-dead-letter-ordering-key"]);
        Assert.Equal(valid.Attributes["ce-id"], dead.Attributes["ce-id"]);
        Assert.Null(dead.OrderingKey);
        Assert.Equal("{not json", Encoding.UTF8.GetString(dead.Data.Span));
    }

    [Fact]
    public async Task an_event_of_another_type_is_dead_lettered_as_unexpected()
    {
        await using var bus = Bus<RecordingHandler>();
        var shipped = InMemoryTransport.Deliver(EventEnvelope.Create(new OrderShipped("o"), TestEventTypes.OrderShipped, "//custody/tests", null));

        Assert.Equal(AckDecision.Ack, await bus.Pipeline("orders-sub").HandleAsync(shipped, TestContext.Current.CancellationToken));

        var (_, dead) = Assert.Single(bus.Transport.Published);
        Assert.Equal("unexpected-type", dead.Attributes["custody-dead-letter-reason"]);
        Assert.Empty(bus.Inbox.Items);
    }

    [Fact]
    public async Task a_poison_message_is_nacked_when_it_cannot_be_dead_lettered()
    {
        await using var bus = Bus<RecordingHandler>();
        bus.Transport.FailingTopic = "orders-sub-dead-letter";
        var poison = Valid() with { Attributes = new Dictionary<string, string>(Valid().Attributes) { ["ce-specversion"] = "0.3" } };

        var decision = await bus.Pipeline("orders-sub").HandleAsync(poison, TestContext.Current.CancellationToken);

        Assert.Equal(AckDecision.Nack, decision);
        Assert.Empty(bus.Inbox.Items);
    }

    [Fact]
    public async Task the_handler_runs_in_a_consumer_span_that_is_a_child_of_the_publishers_span()
    {
        using var collector = new ActivityCollector();
        await using var bus = Bus<RecordingHandler>();
        IncomingMessage message;
        ActivityContext publisher;
        using (var send = ActivityCollector.TestSource.StartActivity("send", ActivityKind.Producer)!)
        {
            publisher = send.Context;
            message = Valid("wallet-1");
        }

        await bus.Pipeline("orders-sub").HandleAsync(message, TestContext.Current.CancellationToken);

        var received = Assert.Single(bus.Inbox.Items);
        Assert.Equal(publisher.TraceId, received.Context.TraceContext.TraceId);
        Assert.Equal(publisher.TraceId, received.Activity.TraceId);
        var process = Assert.Single(collector.InTrace(publisher.TraceId), a => a.Source.Name == MessagingTelemetry.SourceName);
        Assert.Equal(publisher.SpanId, process.ParentSpanId);
        Assert.Equal(received.Activity.SpanId, process.SpanId);
        Assert.Equal(ActivityKind.Consumer, process.Kind);
        Assert.Equal("process orders-sub", process.DisplayName);
        Assert.Equal("gcp_pubsub", process.GetTagItem("messaging.system"));
        Assert.Equal("process", process.GetTagItem("messaging.operation.type"));
        Assert.Equal("orders", process.GetTagItem("messaging.destination.name"));
        Assert.Equal("orders-sub", process.GetTagItem("messaging.destination.subscription.name"));
        Assert.Equal("m-1", process.GetTagItem("messaging.message.id"));
        Assert.Equal("wallet-1", process.GetTagItem("messaging.gcp_pubsub.message.ordering_key"));
        Assert.Equal(ActivityStatusCode.Unset, process.Status);
    }

    [Fact]
    public async Task a_failed_handler_marks_its_span_as_an_error()
    {
        using var collector = new ActivityCollector();
        await using var bus = Bus<ThrowingHandler>();
        using var parent = ActivityCollector.TestSource.StartActivity("root")!;

        await bus.Pipeline("orders-sub").HandleAsync(Valid(), TestContext.Current.CancellationToken);

        var process = Assert.Single(collector.InTrace(parent.TraceId), a => a.Source.Name == MessagingTelemetry.SourceName);
        Assert.Equal(ActivityStatusCode.Error, process.Status);
        Assert.Equal(typeof(InvalidOperationException).FullName, process.GetTagItem("error.type"));
    }
}
