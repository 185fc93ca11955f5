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
    int DeliveryAttempt)
{
    /// <summary>The public shape of a message received from Pub/Sub (StreamingPull or Pull).</summary>
    internal static IncomingMessage From(Google.Cloud.PubSub.V1.ReceivedMessage received)
    {
        var message = received.Message;
        return new IncomingMessage(
            message.MessageId,
            message.Data.Memory,
            new Dictionary<string, string>(message.Attributes, StringComparer.Ordinal),
            string.IsNullOrEmpty(message.OrderingKey) ? null : message.OrderingKey,
            message.PublishTime?.ToDateTimeOffset() ?? default,
            received.DeliveryAttempt);
    }
}
