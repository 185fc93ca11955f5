using Custody.Gcp.PubSub;

namespace Custody.Messaging.Transport;

/// <summary>Creates topics and subscriptions when they are missing (local runs and tests; in production the infrastructure owns them).</summary>
internal interface ITopologyProvisioner
{
    Task EnsureTopicAsync(string topicId, CancellationToken ct);

    /// <summary>Also creates the dead-letter topic and the subscription <c>{id}-dead-letters</c> that keeps its messages.</summary>
    Task EnsureSubscriptionAsync(SubscriptionSpec subscription, CancellationToken ct);
}
