using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Custody.Contracts.Json;
using Custody.Gcp.PubSub;

namespace Custody.Messaging;

/// <summary>
/// The wire form of an event: CloudEvents 1.0 in binary content mode over Pub/Sub (cloudevents/spec
/// pubsub-protocol-binding.md §3.1): JSON data as the message body, context attributes as <c>ce-*</c>
/// message attributes, <c>content-type: application/json</c>, plus W3C <c>traceparent</c>/<c>tracestate</c>.
/// </summary>
public static partial class EventEnvelope
{
    /// <summary>Longest accepted ce-source and ce-id.</summary>
    public const int MaxAttributeLength = 256;

    /// <summary>Pub/Sub's limit on an ordering key, in UTF-8 bytes.</summary>
    public const int MaxOrderingKeyBytes = 1024;

    /// <summary>
    /// Builds the message for <paramref name="event"/>: data, ce-* attributes (a fresh random ce-id, ce-time = now)
    /// and the trace context of <see cref="Activity.Current"/>. The outbox stores exactly this and publishes it later.
    /// </summary>
    /// <param name="source">ce-source, a URI-reference naming the producer, e.g. <c>//custody/intake</c>.</param>
    /// <param name="orderingKey">Pub/Sub ordering key (e.g. the wallet id); null or empty for none.</param>
    public static OutgoingMessage Create<T>(T @event, EventType<T> type, string source, string? orderingKey) =>
        Create(@event, type, source, orderingKey, Guid.NewGuid().ToString("D"), DateTimeOffset.UtcNow, Activity.Current?.Context ?? default);

    internal static OutgoingMessage Create<T>(T @event, EventType<T> type, string source, string? orderingKey, string id, DateTimeOffset time, ActivityContext trace)
    {
        ArgumentNullException.ThrowIfNull(@event);
        ArgumentNullException.ThrowIfNull(type);
        if (!IsValidSource(source))
        {
            throw new ArgumentException($"ce-source must be a URI-reference of 1-{MaxAttributeLength} printable ASCII characters without spaces (e.g. //custody/intake).", nameof(source));
        }

        if (orderingKey is not null && Encoding.UTF8.GetByteCount(orderingKey) > MaxOrderingKeyBytes)
        {
            throw new ArgumentException($"An ordering key is at most {MaxOrderingKeyBytes} UTF-8 bytes.", nameof(orderingKey));
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CloudEventAttributes.SpecVersion] = CloudEventAttributes.SpecVersion10,
            [CloudEventAttributes.Id] = id,
            [CloudEventAttributes.Type] = type.WireName,
            [CloudEventAttributes.Source] = source,
            [CloudEventAttributes.Time] = FormatTime(time),
            [CloudEventAttributes.ContentType] = CloudEventAttributes.JsonContentType,
        };
        TraceContext.Inject(trace, attributes);
        return new OutgoingMessage(type.Serialize(@event), attributes, string.IsNullOrEmpty(orderingKey) ? null : orderingKey);
    }

    /// <summary>
    /// Reads and validates a received message as a <typeparamref name="T"/>: required attributes, spec version 1.0,
    /// RFC 3339 ce-time, JSON content type, a known ce-type that is <paramref name="expected"/>, data that
    /// deserializes and passes the event's shape check. Throws <see cref="PoisonMessageException"/> otherwise.
    /// </summary>
    internal static EventContext<T> Read<T>(IncomingMessage message, EventType<T> expected, EventTypeRegistry registry, string subscriptionId, ActivityContext trace)
    {
        var attributes = message.Attributes;
        var specVersion = Required(attributes, CloudEventAttributes.SpecVersion);
        if (!string.Equals(specVersion, CloudEventAttributes.SpecVersion10, StringComparison.Ordinal))
        {
            throw new PoisonMessageException(PoisonReason.UnsupportedSpecVersion, "ce-specversion is not 1.0");
        }

        var id = Required(attributes, CloudEventAttributes.Id);
        var source = Required(attributes, CloudEventAttributes.Source);
        var wireName = Required(attributes, CloudEventAttributes.Type);
        var time = ParseTime(Required(attributes, CloudEventAttributes.Time));
        if (!IsJson(Required(attributes, CloudEventAttributes.ContentType)))
        {
            throw new PoisonMessageException(PoisonReason.UnsupportedContentType, "content-type is not application/json");
        }

        if (!registry.TryGet(wireName, out var known))
        {
            throw new PoisonMessageException(PoisonReason.UnknownType, "ce-type is not a registered event type");
        }

        if (!ReferenceEquals(known, expected) && known != expected)
        {
            throw new PoisonMessageException(PoisonReason.UnexpectedType, $"ce-type {known.WireName} is not {expected.WireName}, the event this subscription handles");
        }

        // Bounded before parsing (docs/limits.md): Pub/Sub accepts 10 MB, no custody event is near that. A subscription
        // may set a tighter cap (SubscriptionSettings.MaxMessageBytes), checked before this one with the same reason.
        if (message.Data.Length > InputLimits.EventBody.MaxBytes)
        {
            throw new PoisonMessageException(PoisonReason.TooLarge, $"the body of {message.Data.Length} bytes exceeds the {InputLimits.EventBody.MaxBytes}-byte limit for an event body");
        }

        var @event = expected.TryDeserialize(message.Data.Span, out var problem);
        if (problem is not null)
        {
            throw new PoisonMessageException(PoisonReason.InvalidData, problem);
        }

        return new EventContext<T>
        {
            Event = @event!,
            EventId = id,
            Type = wireName,
            Source = source,
            Time = time,
            DeliveryAttempt = message.DeliveryAttempt,
            MessageId = message.MessageId,
            OrderingKey = string.IsNullOrEmpty(message.OrderingKey) ? null : message.OrderingKey,
            PublishTime = message.PublishTime,
            SubscriptionId = subscriptionId,
            TraceContext = trace,
        };
    }

    /// <summary>RFC 3339 §5.6 date-time in UTC with 7 fractional digits, e.g. <c>2026-11-23T18:40:00.1234567Z</c>.</summary>
    internal static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses an RFC 3339 §5.6 date-time (any fraction length; Z or a numeric offset).</summary>
    internal static DateTimeOffset ParseTime(string value)
    {
        var match = Rfc3339().Match(value);
        if (match.Success)
        {
            // .NET parses at most 7 fractional digits; RFC 3339 allows more, so truncate (sub-100ns precision is lost).
            var fraction = match.Groups["fraction"].Value;
            var normalized = match.Groups["main"].Value + (fraction.Length > 0 ? "." + fraction[..Math.Min(7, fraction.Length)] : "") + match.Groups["offset"].Value.ToUpperInvariant();
            if (DateTimeOffset.TryParse(normalized.Replace('t', 'T'), CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return parsed;
            }
        }

        throw new PoisonMessageException(PoisonReason.InvalidTime, "ce-time is not an RFC 3339 date-time");
    }

    internal static bool IsValidSource(string? source) =>
        !string.IsNullOrEmpty(source) && source.Length <= MaxAttributeLength &&
        source.All(c => c is > ' ' and < '\u007f') && Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _);

    private static string Required(IReadOnlyDictionary<string, string> attributes, string name)
    {
        if (!attributes.TryGetValue(name, out var value) || string.IsNullOrWhiteSpace(value))
        {
            throw new PoisonMessageException(PoisonReason.MissingAttribute, $"{name} is missing or empty");
        }

        if (value.Length > MaxAttributeLength && name != CloudEventAttributes.Type)
        {
            throw new PoisonMessageException(PoisonReason.InvalidAttribute, $"{name} is longer than {MaxAttributeLength} characters");
        }

        return value;
    }

    // RFC 9110 §8.3.1: media-type = type "/" subtype parameters; type and subtype are case-insensitive.
    private static bool IsJson(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return string.Equals(mediaType, CloudEventAttributes.JsonContentType, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex(@"^(?<main>[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2})(?:\.(?<fraction>[0-9]{1,9}))?(?<offset>[Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Rfc3339();
}
