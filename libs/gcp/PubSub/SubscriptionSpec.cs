namespace Custody.Gcp.PubSub;

/// <summary>
/// The subscription <see cref="PubSubProvisioner.EnsureSubscriptionAsync"/> creates. With a
/// <see cref="DeadLetterTopicId"/>, a message nacked or expired <see cref="MaxDeliveryAttempts"/> times
/// (5..100, Pub/Sub's bounds) is forwarded to that topic, where the subscription
/// <c>{SubscriptionId}-dead-letters</c> keeps it for inspection.
/// </summary>
public sealed record SubscriptionSpec(
    string SubscriptionId,
    string TopicId,
    int AckDeadlineSeconds = 60,
    bool EnableMessageOrdering = false,
    string? DeadLetterTopicId = null,
    int MaxDeliveryAttempts = 5);
