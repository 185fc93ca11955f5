namespace Custody.Messaging;

/// <summary>Why a message can never be handled; the dead-letter reason attribute carries <see cref="PoisonReasons.Code"/>.</summary>
public enum PoisonReason
{
    /// <summary>A required CloudEvents attribute (ce-id, ce-type, ce-source, ce-specversion, ce-time, content-type) is missing or empty.</summary>
    MissingAttribute,

    /// <summary>A CloudEvents attribute is too long.</summary>
    InvalidAttribute,

    /// <summary>ce-specversion is not 1.0.</summary>
    UnsupportedSpecVersion,

    /// <summary>ce-time is not an RFC 3339 timestamp.</summary>
    InvalidTime,

    /// <summary>content-type is not application/json.</summary>
    UnsupportedContentType,

    /// <summary>ce-type is not a registered wire name.</summary>
    UnknownType,

    /// <summary>ce-type is registered but is not the event this subscription handles.</summary>
    UnexpectedType,

    /// <summary>The data is not valid JSON for the event, is null, or fails the event's shape check.</summary>
    InvalidData,

    /// <summary>The data is larger than the subscription's <see cref="SubscriptionSettings.MaxMessageBytes"/>, or than the default cap of an event body.</summary>
    TooLarge,
}

/// <summary>Stable codes of <see cref="PoisonReason"/>.</summary>
public static class PoisonReasons
{
    public static string Code(this PoisonReason reason) => reason switch
    {
        PoisonReason.MissingAttribute => "missing-attribute",
        PoisonReason.InvalidAttribute => "invalid-attribute",
        PoisonReason.UnsupportedSpecVersion => "unsupported-specversion",
        PoisonReason.InvalidTime => "invalid-time",
        PoisonReason.UnsupportedContentType => "unsupported-content-type",
        PoisonReason.UnknownType => "unknown-type",
        PoisonReason.UnexpectedType => "unexpected-type",
        PoisonReason.InvalidData => "invalid-data",
        PoisonReason.TooLarge => "too-large",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
