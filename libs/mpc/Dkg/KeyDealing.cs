using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>
/// What distinguishes one Feldman-VSS dealing ceremony run by the DKG rounds from another: a fresh key
/// (<see cref="FreshKeyDealing"/>) or a refresh of an existing key with zero-constant sharings
/// (Refresh/RefreshDealing). The rounds (session agreement, commit, reveal with Feldman checks, fresh seeds and base
/// OT per pair, echoes and confirmation) are the same; only the polynomial's constant term, what is committed, and
/// how the dealt sums combine with what the party already holds differ.
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

    /// <summary>The full commitment vector C_0..C_{t-1} from the sent part (the identity prepended when C_0 is not sent).</summary>
    public IReadOnlyList<Point> FullCommitments(IReadOnlyList<Point> sent) =>
        FirstCommittedCoefficient == 0 ? sent : [Point.Infinity, .. sent];

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
