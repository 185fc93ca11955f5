using System.Text;
using Custody.Gcp.PubSub;

namespace Custody.Messaging.Outbox;

/// <summary>
/// Boundary checks of an outbox entry, so that nothing is committed that Pub/Sub would refuse later
/// (topic id syntax, ordering key and attribute sizes, reserved <c>goog</c> attribute prefix) or that
/// does not fit a Firestore document (1 MiB).
/// </summary>
internal static class OutboxLimits
{
    public const int MaxDataBytes = 900 * 1024;
    private const int MaxOrderingKeyBytes = 1024;
    private const int MaxAttributes = 100;
    private const int MaxAttributeKeyBytes = 256;
    private const int MaxAttributeValueBytes = 1024;

    public static void Validate(string topicId, OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsTopicId(topicId))
        {
            throw new ArgumentException("A topic id is 3-255 characters: a letter, then letters, digits, - _ . ~ + %; not starting with 'goog'.", nameof(topicId));
        }

        if (message.Data.Length > MaxDataBytes)
        {
            throw new ArgumentException($"Outbox message data is limited to {MaxDataBytes} bytes (Firestore document size).", nameof(message));
        }

        if (message.OrderingKey is { } key && (key.Length == 0 || Encoding.UTF8.GetByteCount(key) > MaxOrderingKeyBytes))
        {
            throw new ArgumentException($"An ordering key is 1-{MaxOrderingKeyBytes} bytes (null for unordered messages).", nameof(message));
        }

        ArgumentNullException.ThrowIfNull(message.Attributes, nameof(message));
        if (message.Attributes.Count > MaxAttributes)
        {
            throw new ArgumentException($"At most {MaxAttributes} attributes.", nameof(message));
        }

        foreach (var (name, value) in message.Attributes)
        {
            if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > MaxAttributeKeyBytes || name.StartsWith("goog", StringComparison.Ordinal)
                || value is null || Encoding.UTF8.GetByteCount(value) > MaxAttributeValueBytes)
            {
                throw new ArgumentException($"Attribute keys are 1-{MaxAttributeKeyBytes} bytes and not 'goog'-prefixed; values at most {MaxAttributeValueBytes} bytes.", nameof(message));
            }
        }
    }

    private static bool IsTopicId(string? topicId) =>
        topicId is { Length: >= 3 and <= 255 }
        && char.IsAsciiLetter(topicId[0])
        && !topicId.StartsWith("goog", StringComparison.Ordinal)
        && topicId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '+' or '%');
}
