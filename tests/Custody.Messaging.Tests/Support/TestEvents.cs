using System.Text.Json;
using System.Text.Json.Serialization;
using Custody.Messaging;

namespace Custody.Messaging.Tests.Support;

/// <summary>An event of the tests' own: an order placed, with a sequence number to check ordering.</summary>
public sealed record OrderPlaced(string OrderId, int Sequence, string Amount)
{
    public IReadOnlyList<string> Validate() =>
        string.IsNullOrEmpty(OrderId) ? ["$.orderId: must not be empty"] : [];
}

/// <summary>A second event, to check that a subscription refuses events that are not its own.</summary>
public sealed record OrderShipped(string OrderId);

/// <summary>Source-generated metadata, strict like the contracts' context.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(OrderPlaced))]
[JsonSerializable(typeof(OrderShipped))]
public sealed partial class TestEventsJsonContext : JsonSerializerContext;

public static class TestEventTypes
{
    public static readonly EventType<OrderPlaced> OrderPlaced =
        new("custody.test.order-placed.v1", TestEventsJsonContext.Default.OrderPlaced, e => e.Validate());

    public static readonly EventType<OrderShipped> OrderShipped =
        new("custody.test.order-shipped.v1", TestEventsJsonContext.Default.OrderShipped);

    public static EventTypeRegistry Registry(string topic = "orders")
    {
        var registry = new EventTypeRegistry();
        registry.Add(OrderPlaced, topic);
        registry.Add(OrderShipped, topic + "-shipped");
        return registry;
    }
}
