namespace Custody.Messaging.Transport;

/// <summary>Creates topics and subscriptions when they are missing (local runs and tests; in production the infrastructure owns them).</summary>
internal interface ITopologyProvisioner
{
    Task EnsureTopicAsync(string topicId, CancellationToken ct);

    Task EnsureSubscriptionAsync(SubscriptionTopology subscription, CancellationToken ct);
}

/// <summary>A subscription to create; a null dead-letter topic means none.</summary>
internal sealed record SubscriptionTopology(
    string SubscriptionId,
    string TopicId,
    int AckDeadlineSeconds,
    bool EnableMessageOrdering,
    string? DeadLetterTopicId,
    int MaxDeliveryAttempts);
