using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Reshare;

/// <summary>
/// Resharing as a dealing (docs/mpc.md "Resharing"): the Lagrange-weighted re-dealing of Desmedt and Jajodia
/// ("Redistributing secret shares to new access structures", 1997) with the verifiability of Wong, Wang and Wing
/// ("Verifiable Secret Redistribution for Archive Systems", IEEE SISW 2002). Each quorum dealer i turns its Shamir share
/// into the additive share lambda_i*x_i (lambda_i its Lagrange coefficient at 0 over the quorum) and deals a fresh
/// sharing of it of the new degree t'-1 to the new parties; every other participant (a new party) deals a sharing of
/// zero, as in a refresh. The new shares x'_j = sum_i f_i(j) lie on a polynomial whose value at 0 is
/// sum_i lambda_i*x_i = x: the same key.
/// C_0 is never sent: every receiver takes lambda_i*X_i (X_i the dealer's public share in the old key's public view)
/// as dealer i's constant-term commitment (the identity for a sharing of zero), so the Feldman check of each share
/// is also the check that the dealer dealt exactly its weighted share and cannot shift the key; and the sum of the
/// constant terms, sum_i lambda_i*X_i, is checked to be the public key. Key id and chain code are kept, the epoch goes
/// up by one, and every pair of the new set gets fresh zero-sharing seeds and base OT at OT epoch = the new key epoch
/// (a pair's OT epoch never exceeds its key's epoch: 0 at DKG, +1 per refresh), above any earlier discard record.
/// </summary>
internal sealed class ReshareDealing : KeyDealing<ReshareOutcome>
{
    private readonly ResharePlan _plan;
    private readonly PartyId _self;
    private readonly KeyShare? _current;

    /// <param name="current">This party's share of the old key: required for a quorum dealer, else unused.</param>
    public ReshareDealing(ResharePlan plan, PartyId self, KeyShare? current)
        : base(plan.NewThreshold)
    {
        _plan = plan;
        _self = self;
        _current = current;
    }

    public override string Name => "reshare";

    public override ReadOnlySpan<byte> SessionDomain => "custody/mpc/reshare/session/v1"u8;

    public override int FirstCommittedCoefficient => 1;

    public override int ChainCodeContributionLength => 0;

    public override uint Epoch => checked(_plan.OldKey.Epoch + 1);

    public override bool Receives(PartyId party) => _plan.NewParties.Contains(party);

    /// <summary>The plan (old key's view, quorum, new set and threshold) as this party was given it.</summary>
    public override void WriteRequest(WireWriter writer, IReadOnlyList<PartyId> parties)
    {
        WireCodec.WritePartySet(writer, parties);
        _plan.WriteTo(writer);
    }

    public override Polynomial NewPolynomial(MpcRandom random) =>
        _plan.Quorum.Contains(_self)
            ? Polynomial.RandomWithConstant(Threshold, Weight(_self) * _current!.SecretShare, random)
            : Polynomial.RandomWithZeroConstant(Threshold, random);

    /// <summary>lambda_i*X_i for a quorum dealer, the identity for any other dealer.</summary>
    protected override Point KnownConstantCommitment(PartyId dealer) =>
        _plan.Quorum.Contains(dealer) ? _plan.OldKey.PublicShare(dealer) * Weight(dealer) : Point.Infinity;

    public override string FeldmanFailureHint(PartyId dealer) =>
        _plan.Quorum.Contains(dealer)
            ? " against C_0 = lambda_i*X_i of its old public share (it dealt another constant than its weighted share, or a bad share to this party)"
            : " against C_0 = identity (it dealt another constant than zero, or a bad share to this party)";

    /// <summary>x'_j = sum_i f_i(j): the new party holds nothing of the old sharing.</summary>
    public override Scalar NewSecretShare(Scalar dealtSum) => dealtSum;

    public override Point PublicKey(Point dealtConstantTerms) =>
        dealtConstantTerms == _plan.OldKey.PublicKey
            ? dealtConstantTerms
            // sum_i lambda_i*X_i == Y holds for every view whose public shares interpolate to Y (KeyPublicView checks),
            // so this is a bug, not a party's deviation.
            : throw new CryptographicException("reshare: the quorum's weighted public shares do not sum to the public key");

    public override Point PublicShare(PartyId party, Point dealtImage) => dealtImage;

    public override byte[] ChainCode(ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties, IReadOnlyDictionary<PartyId, byte[]> contributions) =>
        _plan.OldKey.ChainCode.ToArray();

    public override byte[] KeyId(Point publicKey, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties) => _plan.OldKey.KeyId.ToArray();

    public override uint OtEpoch(PartyId counterpart) => Epoch;

    public override ReshareOutcome Output(KeyShare? share) => new(share, _plan.OldKey.PublicKey, Epoch, _plan.NewParties, _plan.NewThreshold);

    private Scalar Weight(PartyId dealer) => Lagrange.CoefficientAtZero(dealer, _plan.Quorum);
}
