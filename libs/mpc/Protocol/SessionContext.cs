using Custody.Mpc.Curve;

namespace Custody.Mpc.Protocol;

/// <summary>
/// What every round of one protocol run shares: the session id, the protocol, this party, the sorted set of
/// participants and the randomness source. Immutable; the session id is bound into every commitment, proof,
/// zero share and multiplication of the run.
/// </summary>
public sealed class SessionContext
{
    private readonly byte[] _sessionId;

    public SessionContext(ReadOnlySpan<byte> sessionId, MpcProtocol protocol, PartyId self, IEnumerable<PartyId> parties, MpcRandom random)
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
        Protocol = protocol;
        Self = self;
        Parties = sorted;
        Others = sorted.Where(p => p != self).ToArray();
        Random = random;
    }

    public ReadOnlySpan<byte> SessionId => _sessionId;

    public MpcProtocol Protocol { get; }

    public PartyId Self { get; }

    /// <summary>All participants, ascending.</summary>
    public IReadOnlyList<PartyId> Parties { get; }

    /// <summary>All participants but this party, ascending.</summary>
    public IReadOnlyList<PartyId> Others { get; }

    public MpcRandom Random { get; }

    /// <summary>An envelope of this session from this party.</summary>
    public MpcEnvelope Envelope(byte round, PartyId? to, ReadOnlySpan<byte> payload) =>
        new(_sessionId, Protocol, round, Self, to, payload);
}
