using Custody.Messaging.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Custody.Messaging.Subscriptions;

/// <summary>
/// Runs one transport subscriber per registered subscription for the lifetime of the host. On start it
/// optionally provisions the topology (<see cref="MessagingOptions.ProvisionTopology"/>), then starts every
/// subscriber; on stop it stops them gracefully (in-flight handlers finish, acks are flushed).
/// </summary>
internal sealed class SubscriptionHost : BackgroundService
{
    private readonly IReadOnlyList<ISubscriptionPipeline> _pipelines;
    private readonly IMessageSubscriberFactory _subscribers;
    private readonly ITopologyProvisioner _provisioner;
    private readonly EventTypeRegistry _registry;
    private readonly MessagingOptions _options;
    private readonly ILogger<SubscriptionHost> _logger;
    private readonly List<(string SubscriptionId, IMessageSubscriber Subscriber)> _running = [];
    private readonly CancellationTokenSource _lifetime = new();
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SubscriptionHost(
        IEnumerable<ISubscriptionPipeline> pipelines,
        IMessageSubscriberFactory subscribers,
        ITopologyProvisioner provisioner,
        EventTypeRegistry registry,
        IOptions<MessagingOptions> options,
        ILogger<SubscriptionHost> logger)
    {
        _pipelines = [.. pipelines];
        _subscribers = subscribers;
        _provisioner = provisioner;
        _registry = registry;
        _options = options.Value;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var (subscriptionId, subscriber) in _running)
            {
                await subscriber.StopAsync(cancellationToken).ConfigureAwait(false);
                await subscriber.DisposeAsync().ConfigureAwait(false);
                MessagingLog.SubscriptionStopped(_logger, subscriptionId);
            }

            _running.Clear();
        }
        finally
        {
            _gate.Release();
            await _lifetime.CancelAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _lifetime.Dispose();
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.ProvisionTopology)
        {
            await ProvisionAsync(stoppingToken).ConfigureAwait(false);
        }

        await _gate.WaitAsync(stoppingToken).ConfigureAwait(false);
        try
        {
            foreach (var pipeline in _pipelines)
            {
                stoppingToken.ThrowIfCancellationRequested();
                var definition = pipeline.Definition;
                var subscriber = _subscribers.Create(definition);
                try
                {
                    await subscriber.StartAsync(pipeline.HandleAsync, _lifetime.Token).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    MessagingLog.SubscriptionStartFailed(_logger, definition.SubscriptionId, ex);
                    await subscriber.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

                _running.Add((definition.SubscriptionId, subscriber));
                MessagingLog.SubscriptionStarted(_logger, definition.SubscriptionId, definition.TopicId, definition.EventType.WireName, definition.DeadLetterTopicId, definition.EnableMessageOrdering);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Topics of published events, of each subscription and its dead-letter topic; each subscription; and a
    // subscription on every dead-letter topic (same id as the topic) so that dead letters are retained:
    // Pub/Sub drops messages published to a topic nobody subscribes to.
    private async Task ProvisionAsync(CancellationToken ct)
    {
        var topics = _registry.TopicIds
            .Concat(_pipelines.Select(p => p.Definition.TopicId))
            .Concat(_pipelines.Select(p => p.Definition.DeadLetterTopicId))
            .Distinct(StringComparer.Ordinal);
        foreach (var topic in topics)
        {
            await _provisioner.EnsureTopicAsync(topic, ct).ConfigureAwait(false);
            MessagingLog.TopicProvisioned(_logger, topic);
        }

        foreach (var deadLetterTopic in _pipelines.Select(p => p.Definition.DeadLetterTopicId).Distinct(StringComparer.Ordinal))
        {
            await _provisioner.EnsureSubscriptionAsync(new SubscriptionTopology(deadLetterTopic, deadLetterTopic, 60, false, null, 5), ct).ConfigureAwait(false);
            MessagingLog.SubscriptionProvisioned(_logger, deadLetterTopic, deadLetterTopic);
        }

        foreach (var d in _pipelines.Select(p => p.Definition))
        {
            await _provisioner.EnsureSubscriptionAsync(
                new SubscriptionTopology(d.SubscriptionId, d.TopicId, d.AckDeadlineSeconds, d.EnableMessageOrdering, d.DeadLetterTopicId, d.MaxDeliveryAttempts), ct).ConfigureAwait(false);
            MessagingLog.SubscriptionProvisioned(_logger, d.SubscriptionId, d.TopicId);
        }
    }
}
