using System.Diagnostics;
using Custody.Gcp.PubSub;

namespace Custody.Messaging;

/// <summary>
/// The messaging layer's ActivitySource and its spans, after the OpenTelemetry messaging semantic conventions
/// (docs/messaging/messaging-spans.md and gcp-pubsub.md): span name <c>{operation} {destination}</c>, kind
/// Producer for send and Consumer for process, <c>messaging.system = gcp_pubsub</c>. Operation type
/// <c>send</c> is the current name of what older versions called <c>publish</c>.
/// </summary>
public static class MessagingTelemetry
{
    /// <summary>Name of the ActivitySource; add it to the tracer provider (<c>AddSource(MessagingTelemetry.SourceName)</c>).</summary>
    public const string SourceName = "Custody.Messaging";

    public const string System = "messaging.system";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string DestinationName = "messaging.destination.name";
    public const string SubscriptionName = "messaging.destination.subscription.name";
    public const string MessageId = "messaging.message.id";
    public const string OrderingKey = "messaging.gcp_pubsub.message.ordering_key";
    public const string DeliveryAttempt = "messaging.gcp_pubsub.message.delivery_attempt";
    public const string BodySize = "messaging.message.body.size";
    public const string CloudEventId = "cloudevents.event_id";
    public const string CloudEventType = "cloudevents.event_type";
    public const string CloudEventSource = "cloudevents.event_source";
    public const string ErrorType = "error.type";
    public const string DeadLetterReason = "custody.dead_letter.reason";
    public const string OutboxLag = "custody.outbox.lag_ms";

    internal static readonly ActivitySource Source = new(SourceName, typeof(MessagingTelemetry).Assembly.GetName().Version?.ToString());

    /// <summary>Producer span around one publish; the envelope is created inside it so traceparent names it.</summary>
    internal static Activity? StartSend(string topicId, string wireName, string? orderingKey)
    {
        var activity = Source.StartActivity($"send {topicId}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            SetOperation(activity, "send", topicId);
            activity.SetTag(CloudEventType, wireName);
            if (!string.IsNullOrEmpty(orderingKey))
            {
                activity.SetTag(OrderingKey, orderingKey);
            }
        }

        return activity;
    }

    /// <summary>
    /// Producer span around the outbox's publish of a committed entry. Its parent is the context the entry was created
    /// in (the message's own traceparent, which also parents the consumer's span), so the publish shows up in the
    /// request's trace beside the handling that committed it; <see cref="OutboxLag"/> says how long after the commit.
    /// </summary>
    internal static Activity? StartOutboxSend(string topicId, OutgoingMessage message, TimeSpan sinceCreated)
    {
        var activity = Source.StartActivity($"send {topicId}", ActivityKind.Producer, TraceContext.Extract(message.Attributes));
        if (activity is { IsAllDataRequested: true })
        {
            SetOperation(activity, "send", topicId);
            activity.SetTag(BodySize, message.Data.Length);
            activity.SetTag(OutboxLag, Math.Max(0, (long)sinceCreated.TotalMilliseconds));
            if (message.Attributes.TryGetValue(CloudEventAttributes.Type, out var type))
            {
                activity.SetTag(CloudEventType, type);
            }

            if (message.Attributes.TryGetValue(CloudEventAttributes.Id, out var id))
            {
                activity.SetTag(CloudEventId, id);
            }

            if (!string.IsNullOrEmpty(message.OrderingKey))
            {
                activity.SetTag(OrderingKey, message.OrderingKey);
            }
        }

        return activity;
    }

    /// <summary>Consumer span around handling one message, a child of the publisher's span when the message carries one.</summary>
    internal static Activity? StartProcess(string subscriptionId, string topicId, IncomingMessage message, ActivityContext parent)
    {
        var activity = Source.StartActivity($"process {subscriptionId}", ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            SetOperation(activity, "process", topicId);
            activity.SetTag(SubscriptionName, subscriptionId);
            activity.SetTag(MessageId, message.MessageId);
            activity.SetTag(BodySize, message.Data.Length);
            if (message.DeliveryAttempt > 0)
            {
                activity.SetTag(DeliveryAttempt, message.DeliveryAttempt);
            }

            if (!string.IsNullOrEmpty(message.OrderingKey))
            {
                activity.SetTag(OrderingKey, message.OrderingKey);
            }
        }

        return activity;
    }

    private static void SetOperation(Activity activity, string operation, string topicId)
    {
        activity.SetTag(System, "gcp_pubsub");
        activity.SetTag(OperationType, operation);
        activity.SetTag(OperationName, operation);
        activity.SetTag(DestinationName, topicId);
    }

    internal static void RecordError(Activity? activity, string errorType, string? description = null)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, description);
        activity.SetTag(ErrorType, errorType);
    }
}
