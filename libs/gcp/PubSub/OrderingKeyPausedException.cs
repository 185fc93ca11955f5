namespace Custody.Gcp.PubSub;

/// <summary>
/// A publish on an ordering key whose earlier publish failed permanently: publishing on that key is paused
/// (so messages are never published out of order) until <see cref="PubSubPublisher.ResumePublish"/>.
/// </summary>
public sealed class OrderingKeyPausedException : PublishFailedException
{
    public OrderingKeyPausedException()
    {
    }

    public OrderingKeyPausedException(string message)
        : base(message)
    {
    }

    public OrderingKeyPausedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OrderingKeyPausedException(string topicId, string orderingKey, Exception? cause)
        : base($"Publishing on ordering key '{orderingKey}' of topic '{topicId}' is paused after a failed publish; call ResumePublish to continue.",
               topicId, orderingKey, (cause as PublishFailedException)?.Status, cause)
    {
    }
}
