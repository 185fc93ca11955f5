using Custody.Gcp.PubSub;

namespace Custody.Messaging.Transport;

/// <summary>The publishing half of the transport the bus runs on (Pub/Sub in production; an in-memory one in unit tests).</summary>
internal interface IMessagePublisher
{
    /// <summary>Completes with the server message id once accepted.</summary>
    Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct);

    /// <summary>Lets an ordering key that failed publish again.</summary>
    void ResumePublish(string topicId, string orderingKey);
}
