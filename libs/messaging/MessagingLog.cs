using Microsoft.Extensions.Logging;

namespace Custody.Messaging;

/// <summary>The messaging layer's log events (source-generated). Ids, types, subscriptions and trace ids only: never payloads.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "Published {EventType} {EventId} to {TopicId} as {MessageId} (trace {TraceId})")]
    public static partial void Published(ILogger logger, string eventType, string eventId, string topicId, string messageId, string traceId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Publishing {EventType} to {TopicId} failed (trace {TraceId})")]
    public static partial void PublishFailed(ILogger logger, string eventType, string topicId, string traceId, Exception exception);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Debug, Message = "Handled {EventType} {EventId} on {SubscriptionId} (message {MessageId}, attempt {DeliveryAttempt}, trace {TraceId})")]
    public static partial void Handled(ILogger logger, string eventType, string eventId, string subscriptionId, string messageId, int deliveryAttempt, string traceId);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Handler of {EventType} {EventId} on {SubscriptionId} failed; nacked for redelivery (message {MessageId}, attempt {DeliveryAttempt} of {MaxDeliveryAttempts}, trace {TraceId})")]
    public static partial void HandlerFailed(ILogger logger, string eventType, string eventId, string subscriptionId, string messageId, int deliveryAttempt, int maxDeliveryAttempts, string traceId, Exception exception);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Warning, Message = "Poison message {MessageId} on {SubscriptionId} ({EventType}): {Reason}, {Detail}; dead-lettered to {DeadLetterTopicId} and acked (trace {TraceId})")]
    public static partial void PoisonDeadLettered(ILogger logger, string messageId, string subscriptionId, string eventType, string reason, string detail, string deadLetterTopicId, string traceId);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Error, Message = "Poison message {MessageId} on {SubscriptionId} ({EventType}): {Reason}; publishing it to {DeadLetterTopicId} failed, nacked (trace {TraceId})")]
    public static partial void PoisonDeadLetterFailed(ILogger logger, string messageId, string subscriptionId, string eventType, string reason, string deadLetterTopicId, string traceId, Exception exception);

    [LoggerMessage(EventId = 4030, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} on {TopicId} started for {EventType} (dead letters to {DeadLetterTopicId}, ordering {Ordering})")]
    public static partial void SubscriptionStarted(ILogger logger, string subscriptionId, string topicId, string eventType, string deadLetterTopicId, bool ordering);

    [LoggerMessage(EventId = 4031, Level = LogLevel.Information, Message = "Subscription {SubscriptionId} stopped")]
    public static partial void SubscriptionStopped(ILogger logger, string subscriptionId);

    [LoggerMessage(EventId = 4032, Level = LogLevel.Error, Message = "Subscription {SubscriptionId} failed to start")]
    public static partial void SubscriptionStartFailed(ILogger logger, string subscriptionId, Exception exception);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Information, Message = "Provisioned topic {TopicId}")]
    public static partial void TopicProvisioned(ILogger logger, string topicId);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Provisioned subscription {SubscriptionId} on {TopicId}")]
    public static partial void SubscriptionProvisioned(ILogger logger, string subscriptionId, string topicId);
}
