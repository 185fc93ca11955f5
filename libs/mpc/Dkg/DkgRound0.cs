using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>
/// DKG round 0, the session agreement (<see cref="SessionAgreement"/>): each party broadcasts a fresh contribution
/// and the digest of the ceremony it was asked to run (caller's label, party set, threshold). Finalising requires
/// equal digests (else the coordinator asked parties for different ceremonies: abort blaming nobody), fixes the
/// session id from every contribution and only then samples this party's polynomial, chain-code and seed
/// contributions and base-OT state under that id. A DKG retried under the same label is a new session, and the
/// parties' signed messages of rounds 1-3 are bound to an id no other run shares (what makes a dealer's
/// equivocation provable: <see cref="EquivocationEvidence"/>).
/// </summary>
internal sealed class DkgRound0 : MpcRound<KeyShare>
{
    private readonly KeyDealing _dealing;
    private readonly AgreementBroadcast _own;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound0(SessionContext context, KeyDealing dealing)
        : base(context)
    {
        _dealing = dealing;
        _own = SessionAgreement.Broadcast(context, RequestDigest(context, dealing));
        _outgoing.Add(Context.Envelope(Number, null, _own.ToBytes()));
    }

    public override byte Number => 0;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => AgreementBroadcast.Parse(payload);

    protected override RoundOutcome<KeyShare> Complete()
    {
        var sessionId = SessionAgreement.Agree(Context, _dealing.SessionDomain, _own, BroadcastFrom<AgreementBroadcast>, _dealing.Name + " (label, parties, threshold or key)");
        return new RoundOutcome<KeyShare>.Next(new DkgRound1(new DkgState(Context.WithSessionId(sessionId), _dealing)));
    }

    private static byte[] RequestDigest(SessionContext context, KeyDealing dealing)
    {
        using var writer = new WireWriter(128);
        writer.WriteBytes("custody/mpc/dkg/request/v1"u8);
        writer.WriteBytes(context.RoutingId);
        dealing.WriteRequest(writer, context.Parties);
        return writer.Sha256();
    }
}
