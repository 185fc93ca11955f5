namespace Custody.Messaging;

/// <summary>
/// Retry, dead-letter and ordering settings of one subscription, declared next to its handler
/// (<see cref="MessagingBuilder.AddSubscription{T, THandler}"/>). Every subscription has a dead-letter topic.
/// </summary>
public sealed class SubscriptionSettings
{
    /// <summary>Seconds Pub/Sub waits for an ack before redelivering (10-600; the subscriber extends the lease while a handler runs).</summary>
    public int AckDeadlineSeconds { get; set; } = 60;

    /// <summary>Deliver messages with the same ordering key in publish order, one at a time.</summary>
    public bool EnableMessageOrdering { get; set; }

    /// <summary>Where Pub/Sub moves messages after <see cref="MaxDeliveryAttempts"/> and where we publish poison messages. Default <c>{subscription}-dead-letter</c>.</summary>
    public string? DeadLetterTopicId { get; set; }

    /// <summary>
    /// Delivery attempts before Pub/Sub dead-letters a message whose handler keeps failing (5-100, Pub/Sub's range).
    /// Null: <c>Messaging:MaxDeliveryAttempts</c> (<see cref="MessagingOptions.MaxDeliveryAttempts"/>, default 25,
    /// sized so that restarts of consumers never dead-letter an event no handler failed on).
    /// </summary>
    public int? MaxDeliveryAttempts { get; set; }

    /// <summary>Handlers running at once on this subscription (1-1000). With ordering, one key's messages still run one at a time.</summary>
    public int MaxConcurrentHandlers { get; set; } = 32;

    /// <summary>Largest accepted message body in bytes (1 B - 10 MB, Pub/Sub's own limit); larger messages are dead-lettered as too-large before they are parsed. Null: the default cap of every event body (InputLimits.EventBody, docs/limits.md).</summary>
    public int? MaxMessageBytes { get; set; }

    internal void Validate(string subscriptionId)
    {
        if (MaxMessageBytes is < 1 or > 10_000_000)
        {
            throw new ArgumentException($"Subscription {subscriptionId}: MaxMessageBytes must be 1-10,000,000.");
        }

        if (MaxConcurrentHandlers is < 1 or > 1000)
        {
            throw new ArgumentException($"Subscription {subscriptionId}: MaxConcurrentHandlers must be 1-1000.");
        }

        if (AckDeadlineSeconds is < 10 or > 600)
        {
            throw new ArgumentException($"Subscription {subscriptionId}: AckDeadlineSeconds must be 10-600.");
        }

        if (MaxDeliveryAttempts is { } attempts && !MessagingOptions.IsValidMaxDeliveryAttempts(attempts))
        {
            throw new ArgumentException($"Subscription {subscriptionId}: MaxDeliveryAttempts must be {MessagingOptions.MinDeliveryAttempts}-{MessagingOptions.MaxAllowedDeliveryAttempts}.");
        }

        if (DeadLetterTopicId is not null)
        {
            PubSubIds.Check(DeadLetterTopicId, nameof(DeadLetterTopicId));
        }
    }
}
