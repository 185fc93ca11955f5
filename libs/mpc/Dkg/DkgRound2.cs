using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>
/// DKG round 2 (reveal and share). Each party opens its round-1 commitment, proves knowledge of a_i0 (Schnorr,
/// bound to session and sender), sends f_i(j) to each j with the opening of its seed contribution and the second
/// Finalising checks, per sender j: the opening matches the commitment; the proof verifies; the
/// share satisfies Feldman's check f_j(i)*G == sum_k C_jk * i^k; the seed opening matches; base OT with j
/// completes (its proofs verify). Any failure aborts naming j. Then x_i = sum_j f_j(i), Y = sum_j C_j0, X_k = sum_j F_j(k), chain code and zero seeds are derived.
/// </summary>
internal sealed class DkgRound2 : MpcRound<KeyShare>
{
    private readonly DkgState _state;
    private readonly Dictionary<PartyId, CommitmentMessage> _commitments;
    private readonly Dictionary<PartyId, DkgRound1Direct> _seedCommitments;
    private readonly IReadOnlyDictionary<PartyId, SignedStatement> _round1Broadcasts;
    private readonly List<MpcEnvelope> _outgoing = [];

    public DkgRound2(DkgState state, Dictionary<PartyId, CommitmentMessage> commitments, Dictionary<PartyId, DkgRound1Direct> seedCommitments, IReadOnlyDictionary<PartyId, SignedStatement> round1Broadcasts)
        : base(state.Context)
    {
        _state = state;
        _round1Broadcasts = round1Broadcasts;
        _commitments = commitments;
        _seedCommitments = seedCommitments;
        var proof = state.Dealing.ProvesConstantTerm
            ? (SchnorrProof?)SchnorrProof.Prove(Context, DkgLabels.ConstantTerm, state.Polynomial.ConstantTerm, state.CoefficientCommitments[0])
            : null;
        var broadcast = new DkgRound2Broadcast(state.SentCommitments, state.ChainCodeContribution, state.FeldmanSalt, proof);
        _outgoing.Add(Context.Envelope(Number, null, broadcast.ToBytes()));
        foreach (var other in Context.Others)
        {
            using var direct = new DkgRound2Direct(state.Polynomial.Evaluate(other.ToScalar()), state.SeedContributions[other], state.SeedSalts[other]);
            var bytes = direct.ToBytes();
            _outgoing.Add(Context.Envelope(Number, other, bytes));
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public override byte Number => 2;

    protected override IReadOnlyList<MpcEnvelope> OutgoingMessages => _outgoing;

    protected override bool ExpectsBroadcast => true;

    protected override bool ExpectsDirect => true;

    protected override object ParseBroadcast(PartyId from, ReadOnlySpan<byte> payload) => DkgRound2Broadcast.Parse(payload, DealingFormat.Of(_state.Dealing));

    protected override object ParseDirect(PartyId from, ReadOnlySpan<byte> payload) => DkgRound2Direct.Parse(payload);

    protected override RoundOutcome<KeyShare> Complete()
    {
        var self = Context.Self;
        var selfScalar = self.ToScalar();
        var dealing = _state.Dealing;
        var dealt = new Dictionary<PartyId, IReadOnlyList<Point>> { [self] = _state.CoefficientCommitments };
        var chainCodeContributions = new Dictionary<PartyId, byte[]> { [self] = _state.ChainCodeContribution };
        var dealtSum = _state.Polynomial.Evaluate(selfScalar);
        var zeroSeeds = new Dictionary<PartyId, byte[]>();
        foreach (var from in Context.Others)
        {
            var opening = BroadcastFrom<DkgRound2Broadcast>(from);
            var direct = DirectFrom<DkgRound2Direct>(from);
            if (!Commitment.Verify(Context.SessionId, from, DkgLabels.Feldman, opening.CommittedValue(), opening.Salt, _commitments[from].Value))
            {
                throw new MpcAbortException(from, $"{dealing.Name}: Feldman commitments do not open the round-1 commitment");
            }

            var commitments = dealing.FullCommitments(opening.CoefficientCommitments);
            if (dealing.ProvesConstantTerm && !opening.Proof!.Value.Verify(Context.SessionId, from, DkgLabels.ConstantTerm, commitments[0]))
            {
                throw new MpcAbortException(from, $"{dealing.Name}: Schnorr proof of knowledge of the constant term does not verify");
            }

            // In a refresh C_0 is the identity, so this is also the check that the dealer's constant term is zero.
            if (Point.MulBase(direct.Share) != Polynomial.EvaluateInExponent(commitments, selfScalar))
            {
                throw new MpcAbortException(from, $"{dealing.Name}: Shamir share fails the Feldman check");
            }

            if (!Commitment.Verify(Context.SessionId, from, DkgLabels.ZeroSeed(self), direct.SeedContribution, direct.SeedSalt, _seedCommitments[from].SeedCommitment))
            {
                throw new MpcAbortException(from, $"{dealing.Name}: zero-sharing seed contribution does not open its commitment");
            }

            dealt[from] = commitments;
            chainCodeContributions[from] = opening.ChainCodeContribution;
            dealtSum += direct.Share;
            zeroSeeds[from] = ZeroSharing.CombineSeed(Context.SessionId, self, _state.SeedContributions[from], from, direct.SeedContribution);
        }

        // Public polynomial F = sum_j F_j: its commitments are the sums of the dealers' commitments.
        var combined = new Point[_state.Threshold];
        for (var k = 0; k < combined.Length; k++)
        {
            combined[k] = Context.Parties.Select(p => dealt[p][k]).Aggregate((a, b) => a + b);
        }

        var publicKey = dealing.PublicKey(combined[0]);
        var publicShares = Context.Parties.ToDictionary(p => p, p => dealing.PublicShare(p, Polynomial.EvaluateInExponent(combined, p.ToScalar())));
        var chainCode = dealing.ChainCode(Context.SessionId, Context.Parties, chainCodeContributions);
        var keyId = dealing.KeyId(publicKey, Context.SessionId, Context.Parties);
        var confirmation = Confirmation(keyId, publicKey, publicShares, chainCode, dealt);
        var result = new DkgResult(keyId, dealing.NewSecretShare(dealtSum), publicKey, publicShares, chainCode, zeroSeeds);
        try
        {
            foreach (var other in Context.Others)
            {
                // Each exchange runs its 128 OTs in parallel itself.
                result.Setups[other] = _state.BaseOt[other].Finish(other, _seedCommitments[other].BaseOt);
            }
        }
        catch
        {
            result.Dispose();
            throw;
        }

        // Echo of every dealer's broadcasts of rounds 1 and 2 (its commitment and its opened polynomial), checked in
        // round 3 so a dealer that showed parties different polynomials is named instead of the parties blaming each other.
        var echo = new BroadcastEcho(Context, _round1Broadcasts, BroadcastStatements());
        return new RoundOutcome<KeyShare>.Next(new DkgRound3(_state, result, echo, confirmation));
    }

    protected override void Wipe() => _state.Dispose();

    private byte[] Confirmation(byte[] keyId, Point publicKey, Dictionary<PartyId, Point> publicShares, byte[] chainCode, Dictionary<PartyId, IReadOnlyList<Point>> dealt)
    {
        using var writer = new WireWriter(1024);
        writer.WriteBytes("custody/mpc/dkg-confirmation/v1"u8);
        writer.WriteFixed(keyId);
        WireCodec.WritePoint(writer, publicKey);
        foreach (var party in Context.Parties)
        {
            WireCodec.WritePoint(writer, publicShares[party]);
            foreach (var c in dealt[party].Skip(_state.Dealing.FirstCommittedCoefficient))
            {
                WireCodec.WritePoint(writer, c);
            }
        }

        writer.WriteFixed(chainCode);
        return writer.Sha256();
    }
}
