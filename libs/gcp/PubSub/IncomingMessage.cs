namespace Custody.Gcp.PubSub;

/// <summary>
/// A message delivered to a <see cref="PubSubSubscriber"/> handler. <see cref="DeliveryAttempt"/> counts
/// deliveries (1 on the first) when the subscription has a dead-letter policy, and is 0 otherwise.
/// </summary>
public sealed record IncomingMessage(
    string MessageId,
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Attributes,
    string? OrderingKey,
    DateTimeOffset PublishTime,
    int DeliveryAttempt);
