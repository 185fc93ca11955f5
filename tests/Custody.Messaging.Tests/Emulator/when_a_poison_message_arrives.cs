using System.Diagnostics;
using System.Text;
using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;
using Custody.Testing;

namespace Custody.Messaging.Tests.Emulator;

public sealed class when_a_poison_message_arrives(PubSubEmulator emulator)
{
    private readonly string _project = GoogleEmulator.NewProjectId("msg");

    public static TheoryData<string, string, string> Poisons => new()
    {
        { "bad-json", "{\"orderId\": \"order-1\", \"sequence\": ", "invalid-data" },
        { "unknown-type", "{\"orderId\":\"order-1\",\"sequence\":1,\"amount\":\"1\"}", "unknown-type" },
        { "bad-time", "{\"orderId\":\"order-1\",\"sequence\":1,\"amount\":\"1\"}", "invalid-time" },
    };

    [Theory]
    [MemberData(nameof(Poisons))]
    public async Task it_is_dead_lettered_by_us_with_its_reason_and_not_redelivered(string name, string json, string reason)
    {
        using var collector = new ActivityCollector();
        var subscription = "orders-" + name;
        using var metrics = new MetricCollector(thisFlowOnly: false, "custody.messaging.dead_letters", "messaging.client.consumed.messages", "messaging.process.duration");
        await using var bus = await EmulatorBus.StartAsync(emulator, _project, m => m
            .AddEvent(TestEventTypes.OrderPlaced, "orders-" + name)
            .AddSubscription<OrderPlaced, RecordingHandler>(subscription, configure: s => s.EnableMessageOrdering = true));
        var deadLetters = await bus.ReadDeadLettersAsync(subscription);
        var attributes = new Dictionary<string, string>(
            EventEnvelope.Create(new OrderPlaced("x", 0, "0"), TestEventTypes.OrderPlaced, "//custody/messaging-tests", null).Attributes);
        if (name == "unknown-type")
        {
            attributes["ce-type"] = "custody.test.never-registered.v1";
        }

        if (name == "bad-time")
        {
            attributes["ce-time"] = "yesterday";
        }

        var poisonId = await bus.RawPublisher.PublishAsync("orders-" + name, new OutgoingMessage(Encoding.UTF8.GetBytes(json), attributes, "wallet-1"), TestContext.Current.CancellationToken);
        // A valid event on the same ordering key: delivered only after the poison message was settled.
        await bus.Bus.PublishAsync(new OrderPlaced("order-2", 2, "1"), "wallet-1", TestContext.Current.CancellationToken);

        await Eventually.UntilAsync(() => !deadLetters.IsEmpty && !bus.Inbox.Items.IsEmpty, EmulatorBus.Deadline, "the dead letter and the next event", TestContext.Current.CancellationToken);
        var dead = Assert.Single(deadLetters);
        Assert.Equal(reason, dead.Attributes["custody-dead-letter-reason"]);
        Assert.Equal(subscription, dead.Attributes["custody-dead-letter-subscription"]);
        Assert.Equal(poisonId, dead.Attributes["custody-dead-letter-message-id"]);
        Assert.Equal("wallet-1", dead.Attributes["custody-dead-letter-ordering-key"]);
        Assert.Equal(json, Encoding.UTF8.GetString(dead.Data.Span));

        // The handler never saw it, and it was processed exactly once (acked after dead-lettering, not redelivered).
        Assert.Equal(2, Assert.Single(bus.Inbox.Items).Context.Event.Sequence);
        var processed = collector.All(a => a.Kind == ActivityKind.Consumer && (string?)a.GetTagItem("messaging.message.id") == poisonId);
        var span = Assert.Single(processed);
        Assert.Equal(reason, span.GetTagItem("custody.dead_letter.reason"));
        var bySubscription = ("messaging.destination.subscription.name", (object?)subscription);
        Assert.Single(metrics.Of("custody.messaging.dead_letters", bySubscription, ("custody.dead_letter.reason", reason)));
        Assert.Single(metrics.Of("messaging.process.duration", bySubscription, ("custody.ack", "dead_lettered")));
        Assert.True(metrics.Of("messaging.client.consumed.messages", bySubscription).Count >= 2, "the poison message and the next event were consumed");
    }
}
