using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Signing.Messages;

namespace Custody.Mpc.Signing;

/// <summary>
/// Signing (and presigning) round 2 (DKLs23 Protocol 3.6, step 2, and step 3 up to the message). P_i derives its additive key share
/// sk_i = lambda_i * x_i + zeta_i (Lagrange coefficient over the signing set, zero share of the session) and
/// pk_i = sk_i*G; for each j it answers j's RVOLE request as sender with inputs (r_i, sk_i), getting c^u_ij,
/// c^v_ij, and sends the opening of R_i, pk_i, Gamma^u_ij = c^u_ij*G, Gamma^v_ij = c^v_ij*G, psi_ij = phi_i - chi_ij.
/// Finalising runs step 3's checks per sender j (docs/mpc.md "Signing", the corrected consistency checks):
/// the commitment to R_j opens; the RVOLE completes (its own check) giving d^u_ij, d^v_ij;
/// chi_ij*R_j - Gamma^u_ji == d^u_ij*G; chi_ij*pk_j - Gamma^v_ji == d^v_ij*G; then sum_j pk_j == the public key.
/// Before any of these, every sender's echo of the round-1 commitments must match this party's view. The answers
/// leave only after the <see cref="ISessionLedger"/> has recorded this session as answered (atomic, durable): a
/// party's OT state never answers the same agreed session id twice, in any process.
/// </summary>
internal sealed class SignRound2<TOutput> : SignRound<TOutput>
{
    private readonly SignState _state;
    private readonly Dictionary<PartyId, byte[]> _commitments;
    private readonly BroadcastEcho _round1Echo;
    private readonly SigningFinish<TOutput> _finish;
    private readonly List<MpcEnvelope> _outgoing = [];
    private readonly Dictionary<PartyId, (Scalar U, Scalar V)> _senderShares = [];
    private Scalar _additiveShare;
    private readonly Point _publicShare;

    public SignRound2(SignState state, Dictionary<PartyId, byte[]> commitments, Dictionary<PartyId, SignRound1Direct> requests, BroadcastEcho round1Echo, SigningFinish<TOutput> finish)
        : base(state)
    {
        _state = state;
        _finish = finish;
        _commitments = commitments;
        _round1Echo = round1Echo;
        var share = state.Share;
        var zeta = ZeroSharing.Share(Context.Self, Context.Parties, Context.SessionId, p => share.UsablePair(p).ZeroSeed);
        var sk = (Lagrange.CoefficientAtZero(Context.Self, Context.Parties) * share.SecretShare) + zeta;
        _additiveShare = state.AdditiveShareTamper is { } tamper ? tamper(sk) : sk;
        _publicShare = Point.MulBase(_additiveShare);
        Span<Scalar> inputs = [state.InstanceKey, _additiveShare];
        foreach (var other in Context.Others)
        {
            using var sender = new RvoleSender(share.UsablePair(other).Sender!, SignLabels.MultiplicationSession(Context.SessionId, Context.Self, other), Context.Random);
            var (response, shares) = sender.Respond(requests[other].MultiplicationRequest, inputs);
            _senderShares[other] = (shares[0], shares[1]);
            var message = new SignRound2Direct(
                state.InstancePoint,
                state.NonceSalt,
                _publicShare,
                Point.MulBase(shares[0]),
                Point.MulBase(shares[1]),
                state.InversionMask - state.Chi[other],
                response,
                round1Echo.Bytes);
            _outgoing.Add(Context.Envelope(Number, other, message.ToBytes()));
        }

        inputs.Clear();
    }

    public override byte Number => 2;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool NeedsPreparation => true;

    protected override bool ExpectsBroadcast => false;

    protected override bool ExpectsDirect => true;

    protected override object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) => SignRound2Direct.Parse(payload);

    protected override async ValueTask PrepareCoreAsync(CancellationToken cancellationToken)
    {
        var share = _state.Share;
        if (!await _state.Ledger.TryRecordAnswerAsync(new AnsweredSession(share.KeyIdBytes, share.Self, Context.SessionId.ToArray()), cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException("this party has already answered this signing session; OT state must never answer the same session twice");
        }
    }

    protected override void CheckEchoes() =>
        _round1Echo.CheckAll(p => DirectFrom<SignRound2Direct>(p).Echo, p => SignedMessageFrom(p, broadcast: false), "signing round 1 commitments");

    protected override RoundOutcome<TOutput> Complete()
    {
        var share = _state.Share;
        var instancePoint = new PointSum(_state.InstancePoint);
        var publicKeySum = new PointSum(_publicShare);
        var maskSum = _state.InversionMask;
        var u = Scalar.Zero;
        var v = Scalar.Zero;
        foreach (var from in Context.Others)
        {
            var message = DirectFrom<SignRound2Direct>(from);
            if (!Commitment.Verify(Context.SessionId, from, SignLabels.InstanceKey, SignRound2Direct.CommittedValue(message.InstanceKey), message.Salt, _commitments[from]))
            {
                throw new MpcAbortException(from, "signing: the commitment to R_j does not open");
            }

            // RVOLE completion, including its own consistency check (throws naming the sender).
            var d = _state.Receivers[from].Finish(message.MultiplicationResponse);
            var chi = _state.Chi[from];
            // chi*R_j - d*G == Gamma_j is the paper's chi*R_j - Gamma_j == d*G, checked without leaving Jacobian coordinates.
            if (!PointEquation.ProductMinusBaseProductIs(message.InstanceKey, chi, d[0], message.GammaU))
            {
                throw new MpcAbortException(from, "signing: consistency check chi_ij*R_j - Gamma^u_ji == d^u_ij*G failed");
            }

            if (!PointEquation.ProductMinusBaseProductIs(message.PublicShare, chi, d[1], message.GammaV))
            {
                throw new MpcAbortException(from, "signing: consistency check chi_ij*pk_j - Gamma^v_ji == d^v_ij*G failed");
            }

            var (cu, cv) = _senderShares[from];
            u += cu + d[0];
            v += cv + d[1];
            instancePoint.Add(message.InstanceKey);
            publicKeySum.Add(message.PublicShare);
            maskSum += message.Psi;
        }

        if (!publicKeySum.Is(share.PublicKey))
        {
            throw SignatureCombiner.Blame(Context.Others, "signing: the parties' public key shares do not sum to the public key");
        }

        var combinedInstancePoint = instancePoint.ToPoint();
        if (combinedInstancePoint.IsInfinity)
        {
            throw SignatureCombiner.Blame(Context.Others, "signing: R is the point at infinity");
        }

        // Protocol 3.6 step 3: u_i = r_i*(phi_i + sum_j psi_ji) + sum_j (c^u_ij + d^u_ij), likewise v_i with sk_i.
        // What remains (w_i, which needs the message) is the finish's: normal signing's round 3, or a presignature.
        u += _state.InstanceKey * maskSum;
        v += _additiveShare * maskSum;
        var values = new PresignedValues(combinedInstancePoint, u, v, _state.InversionMask);
        WipeShares();
        return _finish(_state, values);
    }

    protected override void Wipe()
    {
        WipeShares();
        base.Wipe();
    }

    /// <summary>sk_i and this party's RVOLE sender shares are not needed after u_i and v_i.</summary>
    private void WipeShares()
    {
        _additiveShare = Scalar.Zero;
        foreach (var other in _senderShares.Keys.ToArray())
        {
            _senderShares[other] = (Scalar.Zero, Scalar.Zero);
        }

        _senderShares.Clear();
    }
}
