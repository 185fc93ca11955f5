using Custody.Mpc.Curve;

namespace Custody.Mpc.Protocol;

/// <summary>
/// What every round of one protocol run shares: the session id, the protocol, this party, the sorted set of
/// participants, the randomness source and, optionally, the party identities that sign every message. The session id is bound into every commitment, proof, zero share and
/// multiplication of the run. Envelopes carry the <see cref="RoutingId"/> (the caller's label, fixed for the whole
/// run so the transport can route and re-deliver); a protocol that agrees a fresh session id among the parties
/// (signing, see <c>SessionAgreement</c>) continues with <see cref="WithSessionId"/>, which keeps the label and
/// the log of received messages.
/// </summary>
public sealed class SessionContext
{
    private readonly byte[] _sessionId;
    private readonly byte[] _routingId;

    public SessionContext(ReadOnlySpan<byte> sessionId, MpcProtocol protocol, PartyId self, IEnumerable<PartyId> parties, MpcRandom random, PartyIdentities? identities = null)
    {
        if (sessionId.Length is < MpcEnvelope.MinSessionIdLength or > MpcEnvelope.MaxSessionIdLength)
        {
            throw new ArgumentException($"session id must be {MpcEnvelope.MinSessionIdLength}..{MpcEnvelope.MaxSessionIdLength} bytes", nameof(sessionId));
        }

        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(random);
        var sorted = parties.OrderBy(p => p).ToArray();
        if (sorted.Distinct().Count() != sorted.Length)
        {
            throw new ArgumentException("party ids must be distinct", nameof(parties));
        }

        if (!sorted.Contains(self))
        {
            throw new ArgumentException("this party is not in the party set", nameof(parties));
        }

        if (sorted.Length < 2)
        {
            throw new ArgumentException("a session needs at least two parties", nameof(parties));
        }

        _sessionId = sessionId.ToArray();
        _routingId = _sessionId;
        Protocol = protocol;
        Self = self;
        Parties = sorted;
        Others = sorted.Where(p => p != self).ToArray();
        Random = random;
        Received = new ReceivedMessages();
        identities?.CheckCovers(self, sorted);
        Identities = identities;
    }

    private SessionContext(SessionContext parent, ReadOnlySpan<byte> sessionId)
    {
        _sessionId = sessionId.ToArray();
        _routingId = parent._routingId;
        Protocol = parent.Protocol;
        Self = parent.Self;
        Parties = parent.Parties;
        Others = parent.Others;
        Random = parent.Random;
        Received = parent.Received;
        Identities = parent.Identities;
    }

    /// <summary>The id bound into every commitment, proof, zero share and multiplication.</summary>
    public ReadOnlySpan<byte> SessionId => _sessionId;

    /// <summary>The id envelopes carry: the caller's label (equal to <see cref="SessionId"/> until one is agreed).</summary>
    public ReadOnlySpan<byte> RoutingId => _routingId;

    public MpcProtocol Protocol { get; }

    public PartyId Self { get; }

    /// <summary>All participants, ascending.</summary>
    public IReadOnlyList<PartyId> Parties { get; }

    /// <summary>All participants but this party, ascending.</summary>
    public IReadOnlyList<PartyId> Others { get; }

    public MpcRandom Random { get; }

    /// <summary>This party's identity key and the pinned keys of all participants; null in a run without signed messages.</summary>
    public PartyIdentities? Identities { get; }

    /// <summary>Digests of every message accepted in earlier rounds (re-deliveries are recognised, not blamed).</summary>
    internal ReceivedMessages Received { get; }

    /// <summary>The same run continuing under the agreed session id (same label, parties, randomness and log).</summary>
    public SessionContext WithSessionId(ReadOnlySpan<byte> sessionId)
    {
        if (sessionId.Length is < MpcEnvelope.MinSessionIdLength or > MpcEnvelope.MaxSessionIdLength)
        {
            throw new ArgumentException("invalid session id length", nameof(sessionId));
        }

        return new SessionContext(this, sessionId);
    }

    /// <summary>An envelope of this session from this party, bound to the current session id and signed when the run has identities.</summary>
    public MpcEnvelope Envelope(byte round, PartyId? to, ReadOnlySpan<byte> payload)
    {
        var envelope = new MpcEnvelope(_routingId, _sessionId, Protocol, round, Self, to, payload, []);
        return Identities is { } identities ? envelope.Sign(identities.Own) : envelope;
    }
}
