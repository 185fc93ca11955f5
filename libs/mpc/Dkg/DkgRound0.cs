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
    private readonly int _threshold;
    private readonly AgreementBroadcast _own;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound0(SessionContext context, int threshold)
        : base(context)
    {
        _threshold = threshold;
        _own = SessionAgreement.Broadcast(context, RequestDigest(context, threshold));
        _outgoing.Add(Context.Envelope(Number, null, _own.ToBytes()));
    }

    public override byte Number => 0;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => AgreementBroadcast.Parse(payload);

    protected override RoundOutcome<KeyShare> Complete()
    {
        var sessionId = SessionAgreement.Agree(Context, "custody/mpc/dkg/session/v1"u8, _own, BroadcastFrom<AgreementBroadcast>, "DKG (label, parties or threshold)");
        return new RoundOutcome<KeyShare>.Next(new DkgRound1(new DkgState(Context.WithSessionId(sessionId), _threshold)));
    }

    private static byte[] RequestDigest(SessionContext context, int threshold)
    {
        using var writer = new WireWriter(128);
        writer.WriteBytes("custody/mpc/dkg/request/v1"u8);
        writer.WriteBytes(context.RoutingId);
        WireCodec.WritePartySet(writer, context.Parties);
        writer.WriteUInt32((uint)threshold);
        return writer.Sha256();
    }
}
