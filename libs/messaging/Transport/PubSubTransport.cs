using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Transport;

/// <summary>The bus's transport on libs/gcp's Pub/Sub clients (PUBSUB_CONTRACT.md).</summary>
internal sealed class PubSubTransport(
    PubSubPublisher publisher,
    PubSubProvisioner provisioner,
    GoogleChannelFactory channels,
    ILogger<PubSubSubscriber> subscriberLogger) : IMessagePublisher, IMessageSubscriberFactory, ITopologyProvisioner
{
    public Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct) => publisher.PublishAsync(topicId, message, ct);

    public void ResumePublish(string topicId, string orderingKey) => publisher.ResumePublish(topicId, orderingKey);

    public IMessageSubscriber Create(SubscriptionDefinition subscription)
    {
        var settings = new SubscriberSettings
        {
            StreamAckDeadlineSeconds = subscription.AckDeadlineSeconds,
            MaxConcurrentHandlers = subscription.MaxConcurrentHandlers,
        };
        return new Subscriber(new PubSubSubscriber(channels, subscription.SubscriptionId, settings, subscriberLogger));
    }

    public Task EnsureTopicAsync(string topicId, CancellationToken ct) => provisioner.EnsureTopicAsync(topicId, ct);

    public Task EnsureSubscriptionAsync(SubscriptionSpec subscription, CancellationToken ct) => provisioner.EnsureSubscriptionAsync(subscription, ct);

    private sealed class Subscriber(PubSubSubscriber subscriber) : IMessageSubscriber
    {
        public Task StartAsync(Func<IncomingMessage, CancellationToken, Task<AckDecision>> handler, CancellationToken ct) => subscriber.StartAsync(handler, ct);

        public Task StopAsync(CancellationToken ct) => subscriber.StopAsync(ct);

        public ValueTask DisposeAsync() => subscriber.DisposeAsync();
    }
}
