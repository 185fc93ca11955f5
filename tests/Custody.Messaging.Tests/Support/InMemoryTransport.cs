using System.Collections.Concurrent;
using Custody.Gcp.PubSub;
using Custody.Messaging.Transport;

namespace Custody.Messaging.Tests.Support;

/// <summary>
/// An in-process transport for unit tests of the pipeline's logic: records what is published, can be told to
/// fail, and delivers each published message to the subscribers of its topic, recording their decisions.
/// The Pub/Sub behaviour itself (redelivery, dead-letter policy, ordering) is tested against the emulator.
/// </summary>
internal sealed class InMemoryTransport : IMessagePublisher, IMessageSubscriberFactory, ITopologyProvisioner
{
    private readonly ConcurrentDictionary<string, InMemorySubscriber> _subscribers = new();
    private int _nextId;

    public ConcurrentQueue<(string Topic, OutgoingMessage Message)> Published { get; } = new();

    public ConcurrentQueue<(string Topic, string OrderingKey)> Resumed { get; } = new();

    public ConcurrentQueue<(string Subscription, IncomingMessage Message, AckDecision Decision)> Decisions { get; } = new();

    /// <summary>When set, publishing to this topic throws.</summary>
    public string? FailingTopic { get; set; }

    public async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
    {
        if (topicId == FailingTopic)
        {
            throw new InvalidOperationException($"publishing to {topicId} failed (test)");
        }

        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Published.Enqueue((topicId, message));
        foreach (var subscriber in _subscribers.Values.Where(s => s.Definition.TopicId == topicId))
        {
            var incoming = Deliver(message, id, subscriber.Definition.MaxDeliveryAttempts > 0 ? 1 : 0);
            var decision = await subscriber.DispatchAsync(incoming, ct).ConfigureAwait(false);
            Decisions.Enqueue((subscriber.Definition.SubscriptionId, incoming, decision));
        }

        return id;
    }

    public void ResumePublish(string topicId, string orderingKey) => Resumed.Enqueue((topicId, orderingKey));

    public IMessageSubscriber Create(SubscriptionDefinition subscription) => new InMemorySubscriber(this, subscription);

    public ConcurrentQueue<string> EnsuredTopics { get; } = new();

    public ConcurrentQueue<SubscriptionSpec> EnsuredSubscriptions { get; } = new();

    public bool IsSubscribed(string subscriptionId) => _subscribers.ContainsKey(subscriptionId);

    public Task EnsureTopicAsync(string topicId, CancellationToken ct)
    {
        EnsuredTopics.Enqueue(topicId);
        return Task.CompletedTask;
    }

    public Task EnsureSubscriptionAsync(SubscriptionSpec subscription, CancellationToken ct)
    {
        EnsuredSubscriptions.Enqueue(subscription);
        return Task.CompletedTask;
    }

    /// <summary>What a subscriber would receive for <paramref name="message"/>.</summary>
    public static IncomingMessage Deliver(OutgoingMessage message, string messageId = "1", int deliveryAttempt = 1) =>
        new(messageId, message.Data, message.Attributes, message.OrderingKey, DateTimeOffset.UtcNow, deliveryAttempt);

    private sealed class InMemorySubscriber(InMemoryTransport transport, SubscriptionDefinition definition) : IMessageSubscriber
    {
        private Func<IncomingMessage, CancellationToken, Task<AckDecision>>? _handler;

        public SubscriptionDefinition Definition => definition;

        public Task StartAsync(Func<IncomingMessage, CancellationToken, Task<AckDecision>> handler, CancellationToken ct)
        {
            _handler = handler;
            transport._subscribers[definition.SubscriptionId] = this;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct)
        {
            transport._subscribers.TryRemove(definition.SubscriptionId, out _);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        public async Task<AckDecision> DispatchAsync(IncomingMessage message, CancellationToken ct)
        {
            try
            {
                return await _handler!(message, ct).ConfigureAwait(false);
            }
            catch (Exception)
            {
                return AckDecision.Nack; // the contract: a handler that throws is a nack
            }
        }
    }
}
