namespace Custody.Messaging;

/// <summary>Publishes events to the topic their type is registered on (<see cref="MessagingBuilder.AddEvent{T}"/>).</summary>
public interface IEventBus
{
    /// <summary>
    /// Publishes <paramref name="event"/> as a CloudEvent; completes when Pub/Sub has accepted it. Messages with the
    /// same <paramref name="orderingKey"/> reach subscriptions with ordering enabled in publish order. Throws when
    /// the type is not registered or the publish fails; a failed ordered publish has already been resumed, so
    /// the caller re-publishes the failed event first to keep the order.
    /// </summary>
    Task PublishAsync<T>(T @event, string? orderingKey = null, CancellationToken ct = default);
}
