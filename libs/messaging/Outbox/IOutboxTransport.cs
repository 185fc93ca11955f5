using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>Where the relay sends committed entries: Pub/Sub's publisher in production (the PubSubPublisher.PublishAsync shape of PUBSUB_CONTRACT.md).</summary>
public interface IOutboxTransport
{
    /// <summary>Publishes and returns the server message id once accepted; throws on failure.</summary>
    Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct);
}
