using System.Collections.Concurrent;
using System.Text.Json;
using Custody.Contracts;
using Custody.Contracts.Events;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Intake.Tests.Support;

/// <summary>Reads what intake publishes (transaction-validated, transaction-rejected) and what it dead-letters, as a downstream consumer would.</summary>
internal sealed class EventObserver : IAsyncDisposable
{
    private readonly List<PubSubSubscriber> _subscribers = [];

    public ConcurrentDictionary<string, ConcurrentQueue<TransactionValidated>> Validated { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, ConcurrentQueue<TransactionRejected>> Rejected { get; } = new(StringComparer.Ordinal);

    /// <summary>Dead letters keyed by the test's marker attribute.</summary>
    public ConcurrentDictionary<string, IncomingMessage> DeadLetters { get; } = new(StringComparer.Ordinal);

    public const string MarkerAttribute = "test-marker";

    public static async Task<EventObserver> StartAsync(GoogleChannelFactory channels, PubSubProvisioner provisioner, CancellationToken ct)
    {
        var observer = new EventObserver();
        await provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("test-validated", IntakeTopology.ValidatedTopic, 60, false, null, 5), ct);
        await provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("test-rejected", IntakeTopology.RejectedTopic, 60, false, null, 5), ct);
        await observer.ReadAsync(channels, "test-validated", m => Add(observer.Validated, JsonSerializer.Deserialize(m.Data.Span, ContractsJsonContext.Default.TransactionValidated)!, e => e.RequestId), ct);
        await observer.ReadAsync(channels, "test-rejected", m => Add(observer.Rejected, JsonSerializer.Deserialize(m.Data.Span, ContractsJsonContext.Default.TransactionRejected)!, e => e.RequestId), ct);
        await observer.ReadAsync(channels, PubSubProvisioner.DeadLetterSubscriptionId(IntakeTopology.RequestedSubscription), m =>
        {
            if (m.Attributes.TryGetValue(MarkerAttribute, out var marker))
            {
                observer.DeadLetters[marker] = m;
            }
        }, ct);
        return observer;
    }

    public int ValidatedCount(string requestId) => Validated.TryGetValue(requestId, out var q) ? q.Count : 0;

    public int RejectedCount(string requestId) => Rejected.TryGetValue(requestId, out var q) ? q.Count : 0;

    public async ValueTask DisposeAsync()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync();
        }
    }

    private static void Add<T>(ConcurrentDictionary<string, ConcurrentQueue<T>> into, T item, Func<T, string> key) =>
        into.GetOrAdd(key(item), _ => new ConcurrentQueue<T>()).Enqueue(item);

    private async Task ReadAsync(GoogleChannelFactory channels, string subscriptionId, Action<IncomingMessage> record, CancellationToken ct)
    {
        var subscriber = new PubSubSubscriber(channels, subscriptionId, new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
        _subscribers.Add(subscriber);
        await subscriber.StartAsync((message, _) =>
        {
            record(message);
            return Task.FromResult(AckDecision.Ack);
        }, ct);
    }
}
