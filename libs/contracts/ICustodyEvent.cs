namespace Custody.Contracts;

/// <summary>
/// An event of the transaction flow (docs/architecture.md "Event flow"). Every event names its request and
/// carries a stable wire name (the CloudEvents <c>ce-type</c>) that never changes with the CLR type name;
/// a breaking change of the payload gets a new wire name with the next version suffix.
/// </summary>
public interface ICustodyEvent
{
    /// <summary>The stable wire name, e.g. <c>custody.transaction.requested.v1</c>.</summary>
    static abstract string WireName { get; }

    /// <summary>The payload schema version; equals the <c>.vN</c> suffix of <see cref="WireName"/>.</summary>
    static abstract int SchemaVersion { get; }

    /// <summary>The request this event belongs to; the idempotency key together with the wire name.</summary>
    string RequestId { get; }
}
