using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>Where the relay sends committed entries: Pub/Sub's publisher in production (the PubSubPublisher.PublishAsync shape of PUBSUB_CONTRACT.md).</summary>
public interface IOutboxTransport
{
    /// <summary>Publishes and returns the server message id once accepted; throws on failure.</summary>
    Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct);

    /// <summary>
    /// True when calls made one after another for the same ordering key are sent in call order even while
    /// earlier ones are still in flight, and a failure fails every later queued call of that key
    /// (PubSubPublisher does both). The relay then pipelines a key's entries instead of awaiting each publish.
    /// </summary>
    bool PreservesOrderPerKey => false;
}
