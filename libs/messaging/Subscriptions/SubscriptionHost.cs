using Custody.Gcp.PubSub;
using Custody.Messaging.Transport;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Custody.Messaging.Subscriptions;

/// <summary>
/// Runs one transport subscriber per registered subscription for the lifetime of the host. Start provisions
/// the topology when <see cref="MessagingOptions.ProvisionTopology"/> is set, then starts every subscriber and
/// completes once all are streaming, so a service that cannot subscribe fails at start, not later. Stop stops
/// them gracefully (in-flight handlers finish, undispatched messages are nacked, acks flushed).
/// </summary>
internal sealed class SubscriptionHost : IHostedService, IAsyncDisposable
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

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.ProvisionTopology)
        {
            await ProvisionAsync(cancellationToken).ConfigureAwait(false);
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var pipeline in _pipelines)
            {
                var definition = pipeline.Definition;
                var subscriber = _subscribers.Create(definition);
                try
                {
                    // The subscriber lives until StopAsync: its token is ours, not the start token.
                    await subscriber.StartAsync(pipeline.HandleAsync, _lifetime.Token).WaitAsync(cancellationToken).ConfigureAwait(false);
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
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
        }
    }

    // A web host may be disposed while another caller still stops it (WebApplicationFactory stops the host while
    // Program's Run, returning, disposes it): wait for a running StopAsync, and never dispose the gate under it.
    public async ValueTask DisposeAsync()
    {
        await _lifetime.CancelAsync().ConfigureAwait(false);
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var (_, subscriber) in _running)
            {
                await subscriber.DisposeAsync().ConfigureAwait(false);
            }

            _running.Clear();
        }
        finally
        {
            _gate.Release();
        }
    }

    // Topics of published events; then each subscription, which brings its topic, its dead-letter topic and
    // the subscription {id}-dead-letters that keeps dead letters (Pub/Sub drops messages nobody subscribes to).
    private async Task ProvisionAsync(CancellationToken ct)
    {
        foreach (var topic in _registry.TopicIds)
        {
            await _provisioner.EnsureTopicAsync(topic, ct).ConfigureAwait(false);
            MessagingLog.TopicProvisioned(_logger, topic);
        }

        foreach (var d in _pipelines.Select(p => p.Definition))
        {
            await _provisioner.EnsureSubscriptionAsync(
                new SubscriptionSpec(d.SubscriptionId, d.TopicId, d.AckDeadlineSeconds, d.EnableMessageOrdering, d.DeadLetterTopicId, d.MaxDeliveryAttempts), ct).ConfigureAwait(false);
            MessagingLog.SubscriptionProvisioned(_logger, d.SubscriptionId, d.TopicId);
        }
    }
}
