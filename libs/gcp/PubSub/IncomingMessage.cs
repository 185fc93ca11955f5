namespace Custody.Gcp.PubSub;

/// <summary>A received message (PUBSUB_CONTRACT.md). <paramref name="DeliveryAttempt"/> is 0 when the subscription has no dead-letter policy.</summary>
public sealed record IncomingMessage(
    string MessageId,
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Attributes,
    string? OrderingKey,
    DateTimeOffset PublishTime,
    int DeliveryAttempt);
