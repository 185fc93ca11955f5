namespace Custody.Messaging;

/// <summary>
/// Attribute names of the envelope. CloudEvents 1.0 Pub/Sub protocol binding, binary content mode
/// (cloudevents/spec pubsub-protocol-binding.md §3.1.3): every context attribute is a message attribute
/// named <c>ce-{name}</c>; <c>datacontenttype</c> maps to <c>content-type</c>. W3C Trace Context
/// (https://www.w3.org/TR/trace-context/ §3.2, §3.3) travels in <c>traceparent</c> / <c>tracestate</c>.
/// </summary>
public static class CloudEventAttributes
{
    public const string Id = "ce-id";
    public const string Type = "ce-type";
    public const string Source = "ce-source";
    public const string SpecVersion = "ce-specversion";
    public const string Time = "ce-time";
    public const string ContentType = "content-type";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The only CloudEvents version we read and write.</summary>
    public const string SpecVersion10 = "1.0";

    /// <summary>The only data content type: JSON (UTF-8).</summary>
    public const string JsonContentType = "application/json";

    /// <summary>Set by us on a poison message we dead-letter: a reason code (see <see cref="PoisonReason"/>).</summary>
    public const string DeadLetterReason = "custody-dead-letter-reason";

    /// <summary>Set by us on a poison message we dead-letter: a short human explanation (never payload).</summary>
    public const string DeadLetterDetail = "custody-dead-letter-detail";

    /// <summary>Set by us on a poison message we dead-letter: the subscription that refused it.</summary>
    public const string DeadLetterSubscription = "custody-dead-letter-subscription";

    /// <summary>Set by us on a poison message we dead-letter: its original Pub/Sub message id.</summary>
    public const string DeadLetterMessageId = "custody-dead-letter-message-id";

    /// <summary>Set by us on a poison message we dead-letter: its original ordering key, when it had one.</summary>
    public const string DeadLetterOrderingKey = "custody-dead-letter-ordering-key";
}
