using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing.Messages;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing round 1 (DKLs23 Protocol 3.6, step 1). P_i samples the instance key r_i and the inversion mask phi_i
/// uniformly, commits to R_i = r_i*G (broadcast), and for every counterpart j samples chi_ij and starts the RVOLE
/// in which P_i is the receiver with input chi_ij (direct message).
/// </summary>
internal sealed class SignRound1 : MpcRound<EcdsaSignature>
{
    private readonly SignState _state;
    private readonly List<MpcEnvelope> _outgoing = [];

    public SignRound1(SignState state)
        : base(state.Context)
    {
        _state = state;
        var commitment = Commitment.Commit(Context, SignLabels.InstanceKey, SignRound2Direct.CommittedValue(state.InstancePoint), out var salt);
        state.NonceSalt = salt;
        _outgoing.Add(Context.Envelope(Number, null, new CommitmentMessage(commitment).ToBytes()));
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

    public override IReadOnlyList<MpcEnvelope> Outgoing => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => true;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => CommitmentMessage.Parse(payload);

    protected override object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) => SignRound1Direct.Parse(payload);

    protected override RoundOutcome<EcdsaSignature> Complete() =>
        new RoundOutcome<EcdsaSignature>.Next(new SignRound2(
            _state,
            Context.Others.ToDictionary(p => p, BroadcastFrom<CommitmentMessage>),
            Context.Others.ToDictionary(p => p, DirectFrom<SignRound1Direct>)));

    protected override void OnAbort(MpcAbortException abort) => _state.Dispose();
}
