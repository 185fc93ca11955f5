using Custody.Messaging.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Custody.Messaging;

/// <summary>
/// <see cref="IEventBus"/> over the transport: looks up the event's wire name and topic, opens a Producer span,
/// builds the envelope inside it (so <c>traceparent</c> names the span) and publishes.
/// </summary>
internal sealed class EventBus : IEventBus
{
    private readonly IMessagePublisher _publisher;
    private readonly EventTypeRegistry _registry;
    private readonly string _source;
    private readonly ILogger<EventBus> _logger;

    public EventBus(IMessagePublisher publisher, EventTypeRegistry registry, IOptions<MessagingOptions> options, ILogger<EventBus> logger)
    {
        _publisher = publisher;
        _registry = registry;
        _source = options.Value.Source;
        _logger = logger;
    }

    public async Task PublishAsync<T>(T @event, string? orderingKey = null, CancellationToken ct = default)
    {
        if (!_registry.TryGet<T>(out var type, out var topicId))
        {
            throw new InvalidOperationException($"{typeof(T).FullName} is not a registered event: add it with AddCustodyMessaging(...).AddEvent(eventType, topic).");
        }

        using var activity = MessagingTelemetry.StartSend(topicId, type.WireName, orderingKey);
        var message = EventEnvelope.Create(@event, type, _source, orderingKey);
        var eventId = message.Attributes[CloudEventAttributes.Id];
        var traceId = activity?.TraceId.ToHexString() ?? "-";
        try
        {
            var messageId = await _publisher.PublishAsync(topicId, message, ct).ConfigureAwait(false);
            activity?.SetTag(MessagingTelemetry.MessageId, messageId);
            activity?.SetTag(MessagingTelemetry.CloudEventId, eventId);
            MessagingMetrics.Published(topicId, errorType: null);
            MessagingLog.Published(_logger, type.WireName, eventId, topicId, messageId, traceId);
        }
        catch (Exception ex)
        {
            MessagingTelemetry.RecordError(activity, ex.GetType().FullName ?? ex.GetType().Name);
            MessagingMetrics.Published(topicId, ex.GetType().Name);
            MessagingLog.PublishFailed(_logger, type.WireName, topicId, traceId, ex);
            if (message.OrderingKey is not null)
            {
                // A failed key stays failed until resumed (PUBSUB_CONTRACT.md); the caller retries this event first.
                _publisher.ResumePublish(topicId, message.OrderingKey);
            }

            throw;
        }
    }
}
