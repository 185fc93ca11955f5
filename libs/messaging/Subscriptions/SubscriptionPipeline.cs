using System.Diagnostics;
using Custody.Gcp.PubSub;
using Custody.Messaging.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Subscriptions;

/// <summary>
/// Handles one message of a subscription (docs/messaging.md, "Failure semantics"):
/// <list type="bullet">
/// <item>valid envelope and data: the handler runs in a fresh DI scope inside a Consumer span that is a child
/// of the publisher's span; it returns = Ack, it throws = Nack (Pub/Sub redelivers, then dead-letters after
/// the subscription's maximum delivery attempts);</item>
/// <item>poison (envelope or data invalid, which no retry can fix): we publish the message unchanged, plus
/// the reason attributes, to the subscription's dead-letter topic and Ack only once that publish succeeded;
/// if it fails, Nack.</item>
/// </list>
/// Nothing is acked on error.
/// </summary>
internal sealed class SubscriptionPipeline<T, THandler> : ISubscriptionPipeline
    where THandler : class, IEventHandler<T>
{
    private readonly EventType<T> _eventType;
    private readonly EventTypeRegistry _registry;
    private readonly IServiceScopeFactory _scopes;
    private readonly IMessagePublisher _publisher;
    private readonly ILogger _logger;

    public SubscriptionPipeline(
        SubscriptionDefinition definition,
        EventTypeRegistry registry,
        IServiceScopeFactory scopes,
        IMessagePublisher publisher,
        ILogger logger)
    {
        Definition = definition;
        _eventType = (EventType<T>)definition.EventType;
        _registry = registry;
        _scopes = scopes;
        _publisher = publisher;
        _logger = logger;
    }

    public SubscriptionDefinition Definition { get; }

    public async Task<AckDecision> HandleAsync(IncomingMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var started = Stopwatch.GetTimestamp();
        var outcome = MessagingMetrics.AckOutcome.Nacked;
        try
        {
            outcome = await HandleMessageAsync(message, ct).ConfigureAwait(false);
            return outcome == MessagingMetrics.AckOutcome.Nacked ? AckDecision.Nack : AckDecision.Ack;
        }
        finally
        {
            MessagingMetrics.Processed(Definition.SubscriptionId, Definition.TopicId, Stopwatch.GetElapsedTime(started), outcome);
        }
    }

    private async Task<MessagingMetrics.AckOutcome> HandleMessageAsync(IncomingMessage message, CancellationToken ct)
    {
        var parent = TraceContext.Extract(message.Attributes);
        using var activity = MessagingTelemetry.StartProcess(Definition.SubscriptionId, Definition.TopicId, message, parent);
        var traceId = TraceIdOf(activity, parent);

        EventContext<T> context;
        try
        {
            if (message.Data.Length > Definition.MaxMessageBytes)
            {
                throw new PoisonMessageException(PoisonReason.TooLarge, $"the data is {message.Data.Length} bytes, more than the {Definition.MaxMessageBytes} this subscription accepts");
            }

            context = EventEnvelope.Read(message, _eventType, _registry, Definition.SubscriptionId, parent);
        }
        catch (PoisonMessageException poison)
        {
            return await DeadLetterAsync(message, poison, activity, traceId, ct).ConfigureAwait(false);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(MessagingTelemetry.CloudEventId, context.EventId);
            activity.SetTag(MessagingTelemetry.CloudEventType, context.Type);
            activity.SetTag(MessagingTelemetry.CloudEventSource, context.Source);
        }

        try
        {
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var handler = scope.ServiceProvider.GetRequiredService<THandler>();
                await handler.HandleAsync(context, ct).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // A failed handler never acks: Pub/Sub redelivers, and dead-letters after MaxDeliveryAttempts.
            MessagingTelemetry.RecordError(activity, ex.GetType().FullName ?? ex.GetType().Name);
            MessagingLog.HandlerFailed(_logger, context.Type, context.EventId, Definition.SubscriptionId, message.MessageId, message.DeliveryAttempt, Definition.MaxDeliveryAttempts, traceId, ex);
            return MessagingMetrics.AckOutcome.Nacked;
        }

        MessagingLog.Handled(_logger, context.Type, context.EventId, Definition.SubscriptionId, message.MessageId, message.DeliveryAttempt, traceId);
        return MessagingMetrics.AckOutcome.Acked;
    }

    private async Task<MessagingMetrics.AckOutcome> DeadLetterAsync(IncomingMessage message, PoisonMessageException poison, Activity? activity, string traceId, CancellationToken ct)
    {
        var reason = poison.Reason.Code();
        var eventType = message.Attributes.TryGetValue(CloudEventAttributes.Type, out var type) && EventType.IsValidWireName(type) ? type : "(none)";
        MessagingTelemetry.RecordError(activity, reason, poison.Message);
        activity?.SetTag(MessagingTelemetry.DeadLetterReason, reason);

        var attributes = new Dictionary<string, string>(message.Attributes, StringComparer.Ordinal)
        {
            [CloudEventAttributes.DeadLetterReason] = reason,
            [CloudEventAttributes.DeadLetterDetail] = poison.Message,
            [CloudEventAttributes.DeadLetterSubscription] = Definition.SubscriptionId,
            [CloudEventAttributes.DeadLetterMessageId] = message.MessageId,
        };
        if (!string.IsNullOrEmpty(message.OrderingKey))
        {
            attributes[CloudEventAttributes.DeadLetterOrderingKey] = message.OrderingKey;
        }

        try
        {
            // No ordering key: a dead letter must never block or be blocked by an ordered stream.
            await _publisher.PublishAsync(Definition.DeadLetterTopicId, new OutgoingMessage(message.Data, attributes), ct).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            MessagingLog.PoisonDeadLetterFailed(_logger, message.MessageId, Definition.SubscriptionId, eventType, reason, Definition.DeadLetterTopicId, traceId, ex);
            return MessagingMetrics.AckOutcome.Nacked;
        }

        MessagingMetrics.DeadLettered(Definition.SubscriptionId, reason);
        MessagingLog.PoisonDeadLettered(_logger, message.MessageId, Definition.SubscriptionId, eventType, reason, poison.Message, Definition.DeadLetterTopicId, traceId);
        return MessagingMetrics.AckOutcome.DeadLettered;
    }

    private static string TraceIdOf(Activity? activity, ActivityContext parent) =>
        activity is not null ? activity.TraceId.ToHexString()
        : parent.TraceId != default ? parent.TraceId.ToHexString()
        : "-";
}
