using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Refresh;

/// <summary>
/// Proactive refresh as a dealing (docs/mpc.md "Key refresh"): every party deals a random polynomial of degree t-1
/// with constant term 0, so the sum F of the dealt polynomials has F(0) = 0 and the new shares x_i + F(i) lie on
/// f + F, whose value at 0 is the same secret key. Only C_1..C_{t-1} are sent: C_0 is the identity by construction,
/// and the Feldman check of every share against them is the check that each dealer's constant is zero. The key id
/// and chain code are kept, the epoch and every pair's OT epoch go up by one.
/// </summary>
internal sealed class RefreshDealing : KeyDealing
{
    private readonly KeyShare _current;

    public RefreshDealing(KeyShare current)
        : base(current.Threshold)
    {
        _current = current;
    }

    public override string Name => "refresh";

    public override ReadOnlySpan<byte> SessionDomain => "custody/mpc/refresh/session/v1"u8;

    public override int FirstCommittedCoefficient => 1;

    public override int ChainCodeContributionLength => 0;

    public override uint Epoch => checked(_current.Epoch + 1);

    /// <summary>The key, epoch and every public share as this party holds them: parties holding different views disagree in round 0.</summary>
    public override void WriteRequest(WireWriter writer, IReadOnlyList<PartyId> parties)
    {
        WireCodec.WritePartySet(writer, parties);
        writer.WriteUInt32((uint)Threshold);
        writer.WriteFixed(_current.KeyId);
        writer.WriteUInt32(_current.Epoch);
        WireCodec.WritePoint(writer, _current.PublicKey);
        foreach (var party in parties)
        {
            WireCodec.WritePoint(writer, _current.PublicShare(party));
        }
    }

    public override Polynomial NewPolynomial(MpcRandom random) => Polynomial.RandomWithZeroConstant(Threshold, random);

    public override Scalar NewSecretShare(Scalar dealtSum) => _current.SecretShare + dealtSum;

    /// <summary>The dealt constant terms are all the identity, so the key stays.</summary>
    public override Point PublicKey(Point dealtConstantTerms) => _current.PublicKey + dealtConstantTerms;

    public override Point PublicShare(PartyId party, Point dealtImage) => _current.PublicShare(party) + dealtImage;

    public override byte[] ChainCode(ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties, IReadOnlyDictionary<PartyId, byte[]> contributions) => _current.ChainCode.ToArray();

    public override byte[] KeyId(Point publicKey, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties) => _current.KeyIdBytes;

    public override uint OtEpoch(PartyId counterpart) => checked(_current.PairOtEpoch(counterpart) + 1);
}
