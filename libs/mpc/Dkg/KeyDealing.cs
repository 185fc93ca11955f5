using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>
/// What distinguishes one Feldman-VSS dealing ceremony run by the DKG rounds from another: a fresh key
/// (<see cref="FreshKeyDealing"/>), a refresh of an existing key with zero-constant sharings
/// (Refresh/RefreshDealing), or a resharing to a new party set or threshold (Reshare/ReshareDealing). The rounds
/// (session agreement, commit, reveal with Feldman checks, fresh seeds and base OT per pair, echoes and confirmation)
/// are the same; only the polynomial's constant term, what is committed, who receives shares, and how the dealt sums
/// combine with what the party already holds differ. Every participant deals; only the receivers get shares and
/// pairwise state.
/// </summary>
internal abstract class KeyDealing
{
    protected KeyDealing(int threshold)
    {
        Threshold = threshold;
    }

    public int Threshold { get; }

    /// <summary>Human-readable name for abort reasons ("DKG", "refresh").</summary>
    public abstract string Name { get; }

    /// <summary>Domain of the agreed session id (SessionAgreement.Agree).</summary>
    public abstract ReadOnlySpan<byte> SessionDomain { get; }

    /// <summary>
    /// Index of the first coefficient whose Feldman commitment is sent: 0 for a fresh key; 1 for a zero-constant
    /// sharing, whose C_0 is the identity by construction and so is never sent (nor could it be forged).
    /// </summary>
    public abstract int FirstCommittedCoefficient { get; }

    /// <summary>Whether each dealer proves knowledge of its constant term (a fresh key: the rogue-key defence).</summary>
    public bool ProvesConstantTerm => FirstCommittedCoefficient == 0;

    /// <summary>Length of each dealer's chain-code contribution (32 for a fresh key; 0 when the chain code is kept).</summary>
    public abstract int ChainCodeContributionLength { get; }

    /// <summary>Writes the ceremony the caller asked for (after the routing id) into the round-0 request digest.</summary>
    public abstract void WriteRequest(WireWriter writer, IReadOnlyList<PartyId> parties);

    /// <summary>This dealer's secret polynomial of degree t-1.</summary>
    public abstract Polynomial NewPolynomial(MpcRandom random);

    /// <summary>
    /// The full commitment vector C_0..C_{t-1} of <paramref name="dealer"/> from the sent part (the known constant-term
    /// commitment prepended when C_0 is not sent).
    /// </summary>
    public IReadOnlyList<Point> FullCommitments(PartyId dealer, IReadOnlyList<Point> sent) =>
        FirstCommittedCoefficient == 0 ? sent : [KnownConstantCommitment(dealer), .. sent];

    /// <summary>
    /// Whether <paramref name="party"/> receives a share, a public share and pairwise state (default: every participant;
    /// in a resharing the new party set only, so a party that leaves is sent nothing it could sign with).
    /// </summary>
    public virtual bool Receives(PartyId party) => true;

    /// <summary>
    /// C_0 of <paramref name="dealer"/>'s polynomial when it is not sent (<see cref="FirstCommittedCoefficient"/> 1):
    /// the identity for a sharing of zero. The receivers' Feldman check against it is the check of the dealer's constant.
    /// </summary>
    protected virtual Point KnownConstantCommitment(PartyId dealer) => Point.Infinity;

    /// <summary>What a failed Feldman check of <paramref name="dealer"/>'s share may also mean, for the abort reason ("" when nothing more).</summary>
    public virtual string FeldmanFailureHint(PartyId dealer) => string.Empty;

    /// <summary>The party's new Shamir share from the sum of the values dealt to it.</summary>
    public abstract Scalar NewSecretShare(Scalar dealtSum);

    /// <summary>The key's public key from the sum of the dealers' constant-term commitments.</summary>
    public abstract Point PublicKey(Point dealtConstantTerms);

    /// <summary>Party <paramref name="party"/>'s new public share from the public image of the dealt sum at it.</summary>
    public abstract Point PublicShare(PartyId party, Point dealtImage);

    /// <summary>The chain code, given the agreed session id and every dealer's contribution.</summary>
    public abstract byte[] ChainCode(ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties, IReadOnlyDictionary<PartyId, byte[]> contributions);

    /// <summary>The key id, given the public key and the agreed session id.</summary>
    public abstract byte[] KeyId(Point publicKey, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties);

    /// <summary>Epoch of the resulting share.</summary>
    public abstract uint Epoch { get; }

    /// <summary>OT epoch of the fresh pairwise state with <paramref name="counterpart"/>.</summary>
    public abstract uint OtEpoch(PartyId counterpart);
}

/// <summary>A dealing and what a run of it outputs from this party's new share (null for a party that receives none).</summary>
internal abstract class KeyDealing<TOutput>(int threshold) : KeyDealing(threshold)
{
    public abstract TOutput Output(KeyShare? share);
}

/// <summary>A dealing in which every participant receives a share (the DKG, a refresh): the output is the share.</summary>
internal abstract class EveryoneReceivesDealing(int threshold) : KeyDealing<KeyShare>(threshold)
{
    public sealed override bool Receives(PartyId party) => true;

    public sealed override KeyShare Output(KeyShare? share) =>
        share ?? throw new InvalidOperationException($"{Name}: every participant receives a share");
}
