namespace Custody.Messaging;

/// <summary>
/// Handles one event type of one subscription. Resolved from a fresh DI scope per message.
/// Pub/Sub delivers at least once: a handler MUST be idempotent (keyed by the event's request id and stage,
/// with state changes conditional on the current state). Returning acks the message; throwing nacks it, so it
/// is redelivered and after the subscription's maximum delivery attempts dead-lettered by Pub/Sub.
/// </summary>
public interface IEventHandler<T>
{
    Task HandleAsync(EventContext<T> context, CancellationToken ct);
}
