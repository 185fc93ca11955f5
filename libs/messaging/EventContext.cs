using System.Diagnostics;

namespace Custody.Messaging;

/// <summary>A received event with its CloudEvents context and delivery facts.</summary>
public sealed class EventContext<T>
{
    /// <summary>The event, deserialized with its source-generated metadata and shape-checked.</summary>
    public required T Event { get; init; }

    /// <summary>ce-id: the event's id, unique per source (the same on every redelivery).</summary>
    public required string EventId { get; init; }

    /// <summary>ce-type: the wire name.</summary>
    public required string Type { get; init; }

    /// <summary>ce-source: who produced the event.</summary>
    public required string Source { get; init; }

    /// <summary>ce-time: when the event was produced.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Pub/Sub's delivery attempt, from 1; 0 when the subscription has no dead-letter policy.</summary>
    public required int DeliveryAttempt { get; init; }

    /// <summary>The Pub/Sub message id.</summary>
    public required string MessageId { get; init; }

    /// <summary>The ordering key, if the message was published with one.</summary>
    public string? OrderingKey { get; init; }

    /// <summary>When Pub/Sub accepted the message.</summary>
    public required DateTimeOffset PublishTime { get; init; }

    /// <summary>The subscription it was received on.</summary>
    public required string SubscriptionId { get; init; }

    /// <summary>The publisher's trace context from traceparent/tracestate (default when absent). The handler runs inside a child span of it.</summary>
    public ActivityContext TraceContext { get; init; }
}
