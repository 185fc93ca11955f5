using Custody.Gcp.PubSub;

namespace Custody.Messaging.Subscriptions;

/// <summary>What one subscription does with each received message; the transport acks or nacks on its answer.</summary>
internal interface ISubscriptionPipeline
{
    SubscriptionDefinition Definition { get; }

    Task<AckDecision> HandleAsync(IncomingMessage message, CancellationToken ct);
}
