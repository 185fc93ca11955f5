using System.Text;
using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_a_received_envelope_is_read
{
    private static readonly EventTypeRegistry Registry = TestEventTypes.Registry();
    private static readonly OrderPlaced Order = new("order-1", 7, "1000");

    [Fact]
    public void a_valid_message_yields_the_typed_event_and_its_context()
    {
        var sent = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", "wallet-1");
        var received = new IncomingMessage("m-1", sent.Data, sent.Attributes, "wallet-1", DateTimeOffset.UnixEpoch, 3);

        var context = EventEnvelope.Read(received, TestEventTypes.OrderPlaced, Registry, "orders-sub", default);

        Assert.Equal(Order, context.Event);
        Assert.Equal(sent.Attributes["ce-id"], context.EventId);
        Assert.Equal("custody.test.order-placed.v1", context.Type);
        Assert.Equal("//custody/tests", context.Source);
        Assert.Equal(EventEnvelope.ParseTime(sent.Attributes["ce-time"]), context.Time);
        Assert.Equal(3, context.DeliveryAttempt);
        Assert.Equal("m-1", context.MessageId);
        Assert.Equal("wallet-1", context.OrderingKey);
        Assert.Equal("orders-sub", context.SubscriptionId);
    }

    [Theory]
    [InlineData("ce-id")]
    [InlineData("ce-type")]
    [InlineData("ce-source")]
    [InlineData("ce-specversion")]
    [InlineData("ce-time")]
    [InlineData("content-type")]
    public void a_missing_attribute_makes_it_poison(string attribute)
    {
        AssertPoison(PoisonReason.MissingAttribute, Valid().Without(attribute));
        AssertPoison(PoisonReason.MissingAttribute, Valid().With(attribute, " "));
    }

    [Theory]
    [InlineData("0.3")]
    [InlineData("1.0.0")]
    [InlineData("1")]
    public void another_spec_version_makes_it_poison(string version) =>
        AssertPoison(PoisonReason.UnsupportedSpecVersion, Valid().With("ce-specversion", version));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2026-11-23")]
    [InlineData("2026-11-23 18:40:00Z")]
    [InlineData("2026-11-23T18:40:00")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-11-23T25:00:00Z")]
    [InlineData("2026-11-23T18:40:00.Z")]
    [InlineData("2026-11-23T18:40:00+0200")]
    [InlineData("\u0662\u0660\u0662\u0666-11-23T18:40:00Z")]
    public void a_malformed_time_makes_it_poison(string time) =>
        AssertPoison(PoisonReason.InvalidTime, Valid().With("ce-time", time));

    [Theory]
    [InlineData("2026-11-23T18:40:00Z")]
    [InlineData("2026-11-23t18:40:00z")]
    [InlineData("2026-11-23T20:40:00+02:00")]
    [InlineData("2026-11-23T18:40:00.000000000Z")]
    public void any_rfc_3339_time_is_accepted(string time)
    {
        var context = EventEnvelope.Read(Valid().With("ce-time", time).Build(), TestEventTypes.OrderPlaced, Registry, "s", default);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 18, 40, 0, TimeSpan.Zero), context.Time);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    [InlineData("application/jsonx")]
    public void another_content_type_makes_it_poison(string contentType) =>
        AssertPoison(PoisonReason.UnsupportedContentType, Valid().With("content-type", contentType));

    [Fact]
    public void json_with_parameters_is_accepted() =>
        Assert.Equal(Order, EventEnvelope.Read(Valid().With("content-type", "Application/JSON; charset=utf-8").Build(), TestEventTypes.OrderPlaced, Registry, "s", default).Event);

    [Fact]
    public void an_unknown_type_makes_it_poison() =>
        AssertPoison(PoisonReason.UnknownType, Valid().With("ce-type", "custody.test.never-registered.v1"));

    [Fact]
    public void a_known_type_this_subscription_does_not_handle_makes_it_poison() =>
        AssertPoison(PoisonReason.UnexpectedType, Valid().With("ce-type", TestEventTypes.OrderShipped.WireName));

    [Fact]
    public void an_overlong_attribute_makes_it_poison() =>
        AssertPoison(PoisonReason.InvalidAttribute, Valid().With("ce-source", "//" + new string('a', 300)));

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("{\"orderId\":\"o\",\"sequence\":\"seven\",\"amount\":\"1\"}")]
    [InlineData("{\"orderId\":\"o\",\"sequence\":1}")]
    [InlineData("{\"orderId\":\"o\",\"sequence\":1,\"amount\":\"1\",\"extra\":true}")]
    [InlineData("{\"orderId\":\"\",\"sequence\":1,\"amount\":\"1\"}")]
    public void data_that_is_not_a_valid_event_makes_it_poison(string data) =>
        AssertPoison(PoisonReason.InvalidData, Valid().WithData(data));

    [Fact]
    public void a_body_over_the_event_body_limit_is_poison_before_it_is_parsed() =>
        AssertPoison(PoisonReason.TooLarge, Valid().WithData("\"" + new string('a', Custody.Contracts.Json.InputLimits.EventBody.MaxBytes) + "\""));

    private static MessageBuilder Valid() => new(EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", null));

    private static void AssertPoison(PoisonReason reason, MessageBuilder message)
    {
        var poison = Assert.Throws<PoisonMessageException>(() => EventEnvelope.Read(message.Build(), TestEventTypes.OrderPlaced, Registry, "s", default));
        Assert.Equal(reason, poison.Reason);
    }

    private sealed class MessageBuilder(Custody.Gcp.PubSub.OutgoingMessage sent)
    {
        private readonly Dictionary<string, string> _attributes = new(sent.Attributes);
        private ReadOnlyMemory<byte> _data = sent.Data;

        public MessageBuilder With(string name, string value)
        {
            _attributes[name] = value;
            return this;
        }

        public MessageBuilder Without(string name)
        {
            _attributes.Remove(name);
            return this;
        }

        public MessageBuilder WithData(string json)
        {
            _data = Encoding.UTF8.GetBytes(json);
            return this;
        }

        public IncomingMessage Build() => new("m-1", _data, _attributes, null, DateTimeOffset.UtcNow, 1);
    }
}
