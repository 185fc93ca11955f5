using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing.Messages;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing round 3 (DKLs23 Protocol 3.6, step 3 broadcast and output). Every party broadcasts (u_i, w_i);
/// finalising computes s = (sum w) / (sum u), r = R.x mod q, normalises to low s (flipping the recovery id),
/// and verifies the signature against the public key before output: a failed verification aborts.
/// </summary>
internal sealed class SignRound3 : SignRound
{
    private static readonly Scalar HalfOrder = Scalar.Create(Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0"));

    private readonly SignState _state;
    private readonly Point _instancePoint;
    private readonly SignRound3Broadcast _own;
    private readonly List<MpcEnvelope> _outgoing = [];

    public SignRound3(SignState state, Point instancePoint, SignRound3Broadcast own)
        : base(state)
    {
        _state = state;
        _instancePoint = instancePoint;
        _own = own;
        _outgoing.Add(Context.Envelope(Number, null, own.ToBytes()));
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

            var blame = Context.Others.Count == 1 ? Context.Others[0] : default;
            if (u.IsZero)
            {
                throw new MpcAbortException(blame, "signing: sum of u is zero");
            }

            var r = _instancePoint.XAsScalar();
            var yOdd = _instancePoint.Encode()[0] == 0x03;
            // s = w / u is zero exactly when w is (u is not); then one inversion gives both s and 1/s:
            // with k = 1/(u*w), s = w*w*k and 1/s = u*u*k.
            if (r.IsZero || w.IsZero)
            {
                throw new MpcAbortException(blame, "signing: r or s is zero");
            }

            var k = (u * w).Invert();
            var s = w * w * k;
            var sInverse = u * u * k;

            // Low-s (EIP-2): s > q/2 becomes q - s, which is the signature for -R, so the recovery id flips.
            if (GreaterThan(s, HalfOrder))
            {
                s = -s;
                sInverse = -sInverse;
                yOdd = !yOdd;
            }

            if (!Verifies(r, s, sInverse, yOdd))
            {
                throw new MpcAbortException(blame, "signing: the combined signature does not verify under the public key");
            }

            return new RoundOutcome<EcdsaSignature>.Done(new EcdsaSignature(r, s, yOdd ? (byte)1 : (byte)0));
        }
        finally
        {
            _state.Dispose();
        }
    }

    /// <summary>
    /// ECDSA verification with the recovered point pinned (1/s computed by the caller and checked here):
    /// X = (e/s)*G + (r/s)*Y must be the R whose y parity is
    /// the recovery id, and x(R) must be below q (so r = x(R) exactly and v in {0,1} recovers the same key).
    /// </summary>
    private bool Verifies(Scalar r, Scalar s, Scalar sInverse, bool yOdd)
    {
        if (s * sInverse != Scalar.One)
        {
            return false;
        }

        var e = Scalar.FromBytesReduced(_state.MessageHash);
        var x = Point.MulBase(e * sInverse) + (_state.Share.PublicKey * (r * sInverse));
        if (x.IsInfinity)
        {
            return false;
        }

        var encoded = x.Encode();
        return (encoded[0] == 0x03) == yOdd && encoded.AsSpan(1).SequenceEqual(r.ToBytes());
    }

    private static bool GreaterThan(Scalar a, Scalar b) => a.ToBytes().AsSpan().SequenceCompareTo(b.ToBytes()) > 0;
}
