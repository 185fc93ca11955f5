using Custody.Messaging.Tests.Support;
using Custody.Testing;

namespace Custody.Messaging.Tests.Emulator;

public sealed class when_a_handler_keeps_failing(PubSubEmulator emulator)
{
    private readonly string _project = GoogleEmulator.NewProjectId("msg");

    [Fact]
    public async Task the_message_is_redelivered_then_dead_lettered_by_pubsub_after_the_maximum_attempts()
    {
        await using var bus = await EmulatorBus.StartAsync(emulator, _project, m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders")
            .AddSubscription<OrderPlaced, ThrowingHandler>("orders-failing", configure: s => s.MaxDeliveryAttempts = 5));
        var deadLetters = await bus.ReadDeadLettersAsync("orders-failing");

        await bus.Bus.PublishAsync(new OrderPlaced("order-1", 1, "1"), ct: TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(() => !deadLetters.IsEmpty, EmulatorBus.Deadline, "the message in the dead-letter subscription", TestContext.Current.CancellationToken);
        var attempts = bus.Inbox.Items.Select(r => r.Context.DeliveryAttempt).ToList();
        Assert.Equal([1, 2, 3, 4, 5], attempts);
        var dead = Assert.Single(deadLetters);
        var eventId = bus.Inbox.Items.First().Context.EventId;
        Assert.Equal(eventId, dead.Attributes["ce-id"]);
        Assert.Equal("custody.test.order-placed.v1", dead.Attributes["ce-type"]);
        Assert.False(dead.Attributes.ContainsKey("custody-dead-letter-reason")); // Pub/Sub moved it, not us
    }
}
