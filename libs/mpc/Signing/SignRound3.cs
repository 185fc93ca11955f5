using Custody.Mpc.Protocol;
using Custody.Mpc.Signing.Messages;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing round 3 (DKLs23 Protocol 3.6, step 3 broadcast and output). Every party broadcasts (u_i, w_i) computed
/// from the values of round 2 and the message (<see cref="PresignedValues.Partial"/>); finalising combines them
/// (<see cref="SignatureCombiner"/>): a signature that does not verify is never output.
/// </summary>
internal sealed class SignRound3 : SignRound<EcdsaSignature>
{
    private readonly PresignedValues _values;
    private readonly byte[] _messageHash;
    private readonly SignRound3Broadcast _own;
    private readonly List<MpcEnvelope> _outgoing = [];

    public SignRound3(SignState state, PresignedValues values, byte[] messageHash)
        : base(state)
    {
        _values = values;
        _messageHash = messageHash;
        var (u, w) = values.Partial(messageHash);
        _own = new SignRound3Broadcast(u, w);
        _outgoing.Add(Context.Envelope(Number, null, _own.ToBytes()));
    }

    public override byte Number => 3;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => false;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => SignRound3Broadcast.Parse(payload);

    protected override RoundOutcome<EcdsaSignature> Complete()
    {
        try
        {
            var u = _own.U;
            var w = _own.W;
            foreach (var from in Context.Others)
            {
                var message = BroadcastFrom<SignRound3Broadcast>(from);
                u += message.U;
                w += message.W;
            }

            return new RoundOutcome<EcdsaSignature>.Done(SignatureCombiner.Combine(_values.InstancePoint, State.Share.PublicKey, _messageHash, u, w, Context.Others));
        }
        finally
        {
            Wipe();
        }
    }

    protected override void Wipe()
    {
        _values.Wipe();
        base.Wipe();
    }
}
