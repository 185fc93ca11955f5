using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>
/// The production transport: the batching <see cref="PubSubPublisher"/> (PUBSUB_CONTRACT.md). When a publish on
/// an ordering key fails, the publisher pauses that key; the relay only retries a key after a backoff and always
/// from its earliest unpublished entry, so it is safe to resume the key here before rethrowing.
/// </summary>
public sealed class PubSubPublisherTransport(PubSubPublisher publisher) : IOutboxTransport
{
    /// <summary>PubSubPublisher sends one batch per key at a time, in call order, and fails the queued rest on failure.</summary>
    public bool PreservesOrderPerKey => true;

    public async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            return await publisher.PublishAsync(topicId, message, ct).ConfigureAwait(false);
        }
        catch (PublishFailedException) when (message.OrderingKey is { } key)
        {
            publisher.ResumePublish(topicId, key);
            throw;
        }
    }
}
