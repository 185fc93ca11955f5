namespace Custody.Parties.Channel;

/// <summary>
/// A question the coordinator asks one party on its authenticated stream (docs/parties.md "Requests"): its
/// <see cref="Kind"/> names what is asked, the <see cref="Body"/> is that kind's JSON. Nothing in it is trusted by
/// the party that answers. <see cref="TraceParent"/> is the coordinator's W3C trace context, for telemetry only.
/// </summary>
public sealed record PartyRequest(ulong Id, string Kind, ReadOnlyMemory<byte> Body, string? TraceParent = null)
{
    /// <summary>Longest traceparent kept (the W3C version-00 form has 55 characters).</summary>
    public const int MaxTraceParentLength = 128;

    /// <summary>Longest kind name.</summary>
    public const int MaxKindLength = 64;

    /// <summary>Largest body of a request or reply (an invitation carries the approved event with its evidence).</summary>
    public const int MaxBodyBytes = 1 << 20;

    public override string ToString() => $"PartyRequest({Id}, {Kind}, {Body.Length} bytes)";
}

/// <summary>
/// A party's reply to a <see cref="PartyRequest"/>: interim replies (e.g. "admitted, the session is open") and one
/// <see cref="Final"/> reply. <see cref="Error"/> is set when the party could not answer.
/// </summary>
public sealed record PartyReply(bool Final, ReadOnlyMemory<byte> Body, string? Error)
{
    public static PartyReply Answer(ReadOnlyMemory<byte> body, bool final) => new(final, body, null);

    public static PartyReply Failed(string error) => new(true, ReadOnlyMemory<byte>.Empty, error);

    public override string ToString() => $"PartyReply(final={Final}, {Body.Length} bytes{(Error is null ? "" : ", error: " + Error)})";
}
