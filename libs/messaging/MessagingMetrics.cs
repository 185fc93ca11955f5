using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Custody.Messaging;

/// <summary>
/// The messaging layer's metrics (meter <c>Custody.Messaging</c>, exported by libs/servicedefaults; docs/observability.md).
/// Three follow the OpenTelemetry messaging metric conventions (semantic-conventions messaging-metrics.md):
/// <c>messaging.client.sent.messages</c>, <c>messaging.client.consumed.messages</c> and <c>messaging.process.duration</c>
/// (seconds), with <c>messaging.system = gcp_pubsub</c>, the destination and, on failure, <c>error.type</c>. Two are
/// Custody's: <c>custody.outbox.lag</c>, the time from an outbox entry's commit to its publish, and
/// <c>custody.messaging.dead_letters</c>, the messages a service itself dead-lettered, by reason (Pub/Sub's own
/// forwarding after the last delivery attempt shows as the dead-letter subscriptions' backlog instead).
/// </summary>
public static class MessagingMetrics
{
    public const string MeterName = "Custody.Messaging";

    private static readonly Meter Meter = new(MeterName, typeof(MessagingMetrics).Assembly.GetName().Version?.ToString());
    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Messages a producer attempted to publish.");
    private static readonly Counter<long> Consumed = Meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Messages delivered to a consumer.");
    private static readonly Histogram<double> Process = Meter.CreateHistogram<double>("messaging.process.duration", "s", "Time a consumer spent processing one message, to its ack or nack.");
    private static readonly Histogram<double> OutboxLag = Meter.CreateHistogram<double>("custody.outbox.lag", "ms", "Time from an outbox entry's commit to its publish to Pub/Sub.");
    private static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("custody.messaging.dead_letters", "{message}", "Messages a service dead-lettered itself, by subscription and reason.");

    internal static void Published(string topicId, string? errorType) =>
        Sent.Add(1, WithError(errorType, [Destination(topicId), new("messaging.operation.name", "publish")]));

    internal static void Processed(string subscriptionId, string topicId, TimeSpan elapsed, AckOutcome outcome)
    {
        var subscription = new KeyValuePair<string, object?>(MessagingTelemetry.SubscriptionName, subscriptionId);
        Consumed.Add(1, System, Destination(topicId), subscription);
        Process.Record(elapsed.TotalSeconds, WithError(outcome == AckOutcome.Nacked ? "nack" : null, [Destination(topicId), subscription, new("custody.ack", outcome switch { AckOutcome.Acked => "acked", AckOutcome.DeadLettered => "dead_lettered", _ => "nacked" })]));
    }

    internal static void OutboxPublished(string topicId, TimeSpan sinceCommit) =>
        OutboxLag.Record(Math.Max(0, sinceCommit.TotalMilliseconds), System, Destination(topicId));

    internal static void DeadLettered(string subscriptionId, string reason) =>
        DeadLetters.Add(1, System, new(MessagingTelemetry.SubscriptionName, subscriptionId), new(MessagingTelemetry.DeadLetterReason, reason));

    private static KeyValuePair<string, object?> System => new(MessagingTelemetry.System, "gcp_pubsub");

    private static KeyValuePair<string, object?> Destination(string topicId) => new(MessagingTelemetry.DestinationName, topicId);

    // A TagList holds up to eight tags without allocating: this runs once per message.
    private static TagList WithError(string? errorType, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var list = new TagList { System };
        foreach (var tag in tags)
        {
            list.Add(tag);
        }

        if (errorType is not null)
        {
            list.Add(MessagingTelemetry.ErrorType, errorType);
        }

        return list;
    }

    /// <summary>How a consumed message ended: acked after handling, acked after being dead-lettered, or nacked.</summary>
    internal enum AckOutcome
    {
        Acked,
        DeadLettered,
        Nacked,
    }
}
