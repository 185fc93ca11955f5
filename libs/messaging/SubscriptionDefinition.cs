namespace Custody.Messaging;

/// <summary>A registered subscription with its settings resolved (dead-letter topic filled in).</summary>
internal sealed record SubscriptionDefinition(
    string SubscriptionId,
    string TopicId,
    EventType EventType,
    int AckDeadlineSeconds,
    bool EnableMessageOrdering,
    string DeadLetterTopicId,
    int MaxDeliveryAttempts,
    int MaxConcurrentHandlers,
    Type HandlerType,
    int? MaxMessageBytes = null)
{
    public static string DefaultDeadLetterTopic(string subscriptionId) => subscriptionId + "-dead-letter";
}
