using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing.Messages;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing round 1 (DKLs23 Protocol 3.6, step 1). P_i samples the instance key r_i and the inversion mask phi_i
/// uniformly, commits to R_i = r_i*G (broadcast), and for every counterpart j samples chi_ij and starts the RVOLE
/// in which P_i is the receiver with input chi_ij (direct message). The broadcast also echoes the round-0
/// broadcasts; finalising checks every echo against this party's view (<see cref="BroadcastEcho"/>) before it
/// answers any request, so parties that were shown different contributions never run a multiplication.
/// </summary>
internal sealed class SignRound1<TOutput> : SignRound<TOutput>
{
    private readonly SignState _state;
    private readonly List<MpcEnvelope> _outgoing = [];
    private readonly BroadcastEcho _round0Echo;
    private readonly SigningFinish<TOutput> _finish;

    public SignRound1(SignState state, BroadcastEcho round0Echo, SigningFinish<TOutput> finish)
        : base(state)
    {
        _state = state;
        _finish = finish;
        _round0Echo = round0Echo;
        var commitment = Commitment.Commit(Context, SignLabels.InstanceKey, SignRound2Direct.CommittedValue(state.InstancePoint), out var salt);
        state.NonceSalt = salt;
        _outgoing.Add(Context.Envelope(Number, null, new SignRound1Broadcast(commitment, round0Echo.Bytes).ToBytes()));
        foreach (var other in Context.Others)
        {
            var chi = Scalar.RandomNonZero(Context.Random);
            var pair = state.Share.UsablePair(other);
            var receiver = new RvoleReceiver(pair.Receiver!, SignLabels.MultiplicationSession(Context.SessionId, other, Context.Self), chi, Context.Random);
            state.Chi[other] = chi;
            state.Receivers[other] = receiver;
            _outgoing.Add(Context.Envelope(Number, other, new SignRound1Direct(receiver.CreateRequest()).ToBytes()));
        }
    }

    public override byte Number => 1;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => true;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => SignRound1Broadcast.Parse(payload);

    protected override object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) => SignRound1Direct.Parse(payload);

    protected override void CheckEchoes() =>
        _round0Echo.CheckAll(p => BroadcastFrom<SignRound1Broadcast>(p).Echo, p => SignedMessageFrom(p, broadcast: true), "signing round 0 contributions");

    protected override RoundOutcome<TOutput> Complete()
    {
        return new RoundOutcome<TOutput>.Next(new SignRound2<TOutput>(
            _state,
            Context.Others.ToDictionary(p => p, p => BroadcastFrom<SignRound1Broadcast>(p).Commitment),
            Context.Others.ToDictionary(p => p, DirectFrom<SignRound1Direct>),
            new BroadcastEcho(Context, BroadcastStatements()),
            _finish));
    }
}
