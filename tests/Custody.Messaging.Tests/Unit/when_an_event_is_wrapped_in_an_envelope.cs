using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Custody.Messaging.Tests.Support;

namespace Custody.Messaging.Tests.Unit;

public sealed class when_an_event_is_wrapped_in_an_envelope
{
    private static readonly OrderPlaced Order = new("order-1", 7, "1000");

    [Fact]
    public void it_carries_the_cloudevents_attributes_in_binary_mode()
    {
        var before = DateTimeOffset.UtcNow;
        var message = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", orderingKey: null);

        var a = message.Attributes;
        Assert.Equal("1.0", a["ce-specversion"]);
        Assert.Equal("custody.test.order-placed.v1", a["ce-type"]);
        Assert.Equal("//custody/tests", a["ce-source"]);
        Assert.True(Guid.TryParseExact(a["ce-id"], "D", out _));
        Assert.Equal("application/json", a["content-type"]);
        var time = DateTimeOffset.ParseExact(a["ce-time"], "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        Assert.InRange(time, before, DateTimeOffset.UtcNow);
        Assert.Null(message.OrderingKey);
    }

    [Fact]
    public void its_data_is_the_json_of_the_event()
    {
        var message = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", orderingKey: null);

        using var json = JsonDocument.Parse(message.Data);
        Assert.Equal("order-1", json.RootElement.GetProperty("orderId").GetString());
        Assert.Equal(7, json.RootElement.GetProperty("sequence").GetInt32());
        Assert.Equal(Order, JsonSerializer.Deserialize(message.Data.Span, TestEventsJsonContext.Default.OrderPlaced));
    }

    [Fact]
    public void it_carries_the_trace_context_of_the_current_activity()
    {
        using var collector = new ActivityCollector();
        using var activity = ActivityCollector.TestSource.StartActivity("test")!;
        activity.TraceStateString = "vendor=value";

        var message = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", orderingKey: null);

        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", message.Attributes["traceparent"]);
        Assert.Equal("vendor=value", message.Attributes["tracestate"]);
    }

    [Fact]
    public void it_has_no_trace_attributes_outside_a_trace()
    {
        var previous = Activity.Current;
        Activity.Current = null;
        try
        {
            var message = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", orderingKey: null);
            Assert.False(message.Attributes.ContainsKey("traceparent"));
            Assert.False(message.Attributes.ContainsKey("tracestate"));
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public void it_keeps_the_ordering_key()
    {
        Assert.Equal("wallet-1", EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", "wallet-1").OrderingKey);
        Assert.Null(EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", "").OrderingKey);
    }

    [Fact]
    public void each_event_gets_its_own_id()
    {
        var first = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", null);
        var second = EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", null);
        Assert.NotEqual(first.Attributes["ce-id"], second.Attributes["ce-id"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("caf\u00e9")]
    [InlineData("line\nbreak")]
    public void an_invalid_source_is_refused(string source) =>
        Assert.Throws<ArgumentException>(() => EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, source, null));

    [Fact]
    public void an_ordering_key_longer_than_pubsub_allows_is_refused() =>
        Assert.Throws<ArgumentException>(() => EventEnvelope.Create(Order, TestEventTypes.OrderPlaced, "//custody/tests", new string('k', 1025)));

    [Theory]
    [InlineData("")]
    [InlineData("-starts-with-dash")]
    [InlineData("has space")]
    [InlineData("slash/in/name")]
    public void an_invalid_wire_name_is_refused(string wireName) =>
        Assert.Throws<ArgumentException>(() => new EventType<OrderPlaced>(wireName, TestEventsJsonContext.Default.OrderPlaced));
}
