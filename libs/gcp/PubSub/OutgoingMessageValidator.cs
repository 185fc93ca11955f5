using Utf8 = System.Text.Encoding;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Checks an <see cref="OutgoingMessage"/> against Pub/Sub's rules before it is queued, and converts it to the
/// wire message: a message needs data or at least one attribute; at most 100 attributes, keys 1-256 bytes not
/// starting with <c>goog</c>, values at most 1,024 bytes; ordering key at most 1,024 bytes; 10 MB in all
/// (cloud.google.com/pubsub/quotas, "Resource limits"). Errors name the offending attribute key, never values or data.
/// </summary>
internal static class OutgoingMessageValidator
{
    public static PubsubMessage ToWire(OutgoingMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = message.Attributes ?? throw new ArgumentException("Attributes must not be null (use an empty dictionary).", nameof(message));
        if (message.Data.IsEmpty && attributes.Count == 0)
        {
            throw new ArgumentException("A Pub/Sub message needs non-empty data or at least one attribute.", nameof(message));
        }

        if (attributes.Count > PubSubLimits.MaxAttributes)
        {
            throw new ArgumentException($"A Pub/Sub message carries at most {PubSubLimits.MaxAttributes} attributes; got {attributes.Count}.", nameof(message));
        }

        var wire = new PubsubMessage { Data = ByteString.CopyFrom(message.Data.Span) };
        foreach (var (key, value) in attributes)
        {
            ValidateAttribute(key, value);
            wire.Attributes[key] = value;
        }

        if (!string.IsNullOrEmpty(message.OrderingKey))
        {
            if (Utf8.UTF8.GetByteCount(message.OrderingKey) > PubSubLimits.MaxOrderingKeyBytes)
            {
                throw new ArgumentException($"An ordering key is at most {PubSubLimits.MaxOrderingKeyBytes} bytes.", nameof(message));
            }

            wire.OrderingKey = message.OrderingKey;
        }

        var size = wire.CalculateSize();
        return size > PubSubLimits.MaxMessageBytes
            ? throw new ArgumentException($"A Pub/Sub message is at most {PubSubLimits.MaxMessageBytes} bytes; this one is {size}.", nameof(message))
            : wire;
    }

    private static void ValidateAttribute(string key, string value)
    {
        if (string.IsNullOrEmpty(key))
        {
            throw new ArgumentException("An attribute key must not be empty.", nameof(key));
        }

        if (key.StartsWith("goog", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Attribute key '{Printable(key)}' is reserved: keys must not start with 'goog'.", nameof(key));
        }

        if (Utf8.UTF8.GetByteCount(key) > PubSubLimits.MaxAttributeKeyBytes)
        {
            throw new ArgumentException($"Attribute key '{Printable(key)}' is longer than {PubSubLimits.MaxAttributeKeyBytes} bytes.", nameof(key));
        }

        if (value is null)
        {
            throw new ArgumentException($"Attribute '{Printable(key)}' has a null value.", nameof(value));
        }

        if (Utf8.UTF8.GetByteCount(value) > PubSubLimits.MaxAttributeValueBytes)
        {
            throw new ArgumentException($"The value of attribute '{Printable(key)}' is longer than {PubSubLimits.MaxAttributeValueBytes} bytes.", nameof(value));
        }
    }

    private static string Printable(string key) => key.Length <= 64 ? key : key[..64] + "…";
}
