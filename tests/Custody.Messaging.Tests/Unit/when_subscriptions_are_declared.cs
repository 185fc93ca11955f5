using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_subscriptions_are_declared
{
    [Fact]
    public async Task a_published_event_reaches_the_handler_through_the_host()
    {
        await using var bus = InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-sub"));
        await bus.StartAsync(TestContext.Current.CancellationToken);

        await bus.Bus.PublishAsync(new OrderPlaced("o-1", 1, "5"), ct: TestContext.Current.CancellationToken);

        Assert.Equal(new OrderPlaced("o-1", 1, "5"), Assert.Single(bus.Inbox.Items).Context.Event);
        Assert.Equal(AckDecision.Ack, Assert.Single(bus.Transport.Decisions).Decision);
    }

    [Fact]
    public async Task provisioning_creates_the_event_topics_and_each_subscription_with_its_dead_letter_policy()
    {
        await using var bus = InMemoryBus.Create(
            m => m
                .AddEvent(TestEventTypes.OrderPlaced, "orders")
                .AddEvent(TestEventTypes.OrderShipped, "shipments")
                .AddSubscription<OrderPlaced, RecordingHandler>("orders-sub", configure: s =>
                {
                    s.EnableMessageOrdering = true;
                    s.MaxDeliveryAttempts = 9;
                    s.AckDeadlineSeconds = 30;
                    s.DeadLetterTopicId = "orders-dlq";
                }),
            provision: true);

        await bus.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["orders", "shipments"], bus.Transport.EnsuredTopics.Order(StringComparer.Ordinal));
        Assert.Equal(new SubscriptionSpec("orders-sub", "orders", 30, true, "orders-dlq", 9), Assert.Single(bus.Transport.EnsuredSubscriptions));
        Assert.True(bus.Transport.IsSubscribed("orders-sub"));
    }

    [Fact]
    public async Task nothing_is_provisioned_unless_asked()
    {
        await using var bus = InMemoryBus.Create(m => m.AddEvent(TestEventTypes.OrderPlaced, "orders").AddSubscription<OrderPlaced, RecordingHandler>("orders-sub"));
        await bus.StartAsync(TestContext.Current.CancellationToken);
        Assert.Empty(bus.Transport.EnsuredTopics);
        Assert.True(bus.Transport.IsSubscribed("orders-sub"));
    }

    [Fact]
    public void the_default_dead_letter_topic_is_named_after_the_subscription()
    {
        var bus = InMemoryBus.Create(m => m.AddEvent(TestEventTypes.OrderPlaced, "orders").AddSubscription<OrderPlaced, RecordingHandler>("orders-sub"));
        Assert.Equal("orders-sub-dead-letter", bus.Pipeline("orders-sub").Definition.DeadLetterTopicId);
        Assert.Equal(MessagingOptions.DefaultMaxDeliveryAttempts, bus.Pipeline("orders-sub").Definition.MaxDeliveryAttempts);
        Assert.Equal(25, MessagingOptions.DefaultMaxDeliveryAttempts);
    }

    [Fact]
    public void the_configured_maximum_delivery_attempts_apply_unless_a_subscription_sets_its_own()
    {
        var bus = InMemoryBus.Create(
            m => m
                .AddEvent(TestEventTypes.OrderPlaced, "orders")
                .AddSubscription<OrderPlaced, RecordingHandler>("orders-sub")
                .AddSubscription<OrderPlaced, ThrowingHandler>("orders-strict", configure: s => s.MaxDeliveryAttempts = 7),
            maxDeliveryAttempts: 40);

        Assert.Equal(40, bus.Pipeline("orders-sub").Definition.MaxDeliveryAttempts);
        Assert.Equal(7, bus.Pipeline("orders-strict").Definition.MaxDeliveryAttempts);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(101)]
    public void a_configured_maximum_outside_pubsubs_range_is_refused(int attempts) =>
        Assert.Throws<ArgumentException>(() => InMemoryBus.Create(m => m.AddEvent(TestEventTypes.OrderPlaced, "orders"), maxDeliveryAttempts: attempts));

    [Fact]
    public void a_subscription_to_an_unregistered_event_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => InMemoryBus.Create(m => m.AddSubscription<OrderPlaced, RecordingHandler>("orders-sub", "orders")));

    [Fact]
    public void a_subscription_id_registered_twice_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-sub")
            .AddSubscription<OrderPlaced, ThrowingHandler>("orders-sub")));

    [Fact]
    public void a_wire_name_registered_twice_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddEvent(new EventType<OrderShipped>(TestEventTypes.OrderPlaced.WireName, TestEventsJsonContext.Default.OrderShipped), "shipments")));

    [Theory]
    [InlineData(4, 60, null)]
    [InlineData(101, 60, null)]
    [InlineData(5, 9, null)]
    [InlineData(5, 601, null)]
    [InlineData(5, 60, "goog-dlq")]
    [InlineData(5, 60, "x")]
    public void settings_outside_pubsubs_limits_are_refused(int maxAttempts, int ackDeadline, string? deadLetterTopic) =>
        Assert.Throws<ArgumentException>(() => InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddSubscription<OrderPlaced, RecordingHandler>("orders-sub", configure: s =>
            {
                s.MaxDeliveryAttempts = maxAttempts;
                s.AckDeadlineSeconds = ackDeadline;
                s.DeadLetterTopicId = deadLetterTopic;
            })));

    [Theory]
    [InlineData("ab")]
    [InlineData("1orders")]
    [InlineData("goog-orders")]
    [InlineData("orders/sub")]
    public void an_invalid_subscription_id_is_refused(string subscriptionId) =>
        Assert.Throws<ArgumentException>(() => InMemoryBus.Create(m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddSubscription<OrderPlaced, RecordingHandler>(subscriptionId)));
}
