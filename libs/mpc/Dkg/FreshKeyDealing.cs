using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg;

/// <summary>The DKG's dealing: every dealer's random constant term is its contribution to a new key (docs/mpc.md "DKG").</summary>
internal sealed class FreshKeyDealing(int threshold) : KeyDealing(threshold)
{
    public override string Name => "DKG";

    public override ReadOnlySpan<byte> SessionDomain => "custody/mpc/dkg/session/v1"u8;

    public override int FirstCommittedCoefficient => 0;

    public override int ChainCodeContributionLength => KeyShare.ChainCodeLength;

    public override uint Epoch => 0;

    public override void WriteRequest(WireWriter writer, IReadOnlyList<PartyId> parties)
    {
        WireCodec.WritePartySet(writer, parties);
        writer.WriteUInt32((uint)Threshold);
    }

    public override Polynomial NewPolynomial(MpcRandom random) => Polynomial.Random(Threshold, random);

    public override Scalar NewSecretShare(Scalar dealtSum) => dealtSum;

    public override Point PublicKey(Point dealtConstantTerms) =>
        dealtConstantTerms.IsInfinity
            // Only reachable if the dealers' constant terms cancel, which the commit-then-reveal order and the
            // proofs of knowledge make negligible; nobody can be blamed, so this is not an MpcAbortException.
            ? throw new CryptographicException("DKG: the joint public key is the point at infinity")
            : dealtConstantTerms;

    public override Point PublicShare(PartyId party, Point dealtImage) => dealtImage;

    public override byte[] ChainCode(ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties, IReadOnlyDictionary<PartyId, byte[]> contributions)
    {
        using var writer = new WireWriter(64 + (34 * contributions.Count));
        writer.WriteBytes("custody/mpc/chain-code/v1"u8);
        writer.WriteBytes(sessionId);
        foreach (var party in parties)
        {
            WireCodec.WritePartyId(writer, party);
            writer.WriteFixed(contributions[party]);
        }

        return writer.Sha256();
    }

    public override byte[] KeyId(Point publicKey, ReadOnlySpan<byte> sessionId, IReadOnlyList<PartyId> parties)
    {
        using var writer = new WireWriter(128);
        writer.WriteBytes("custody/mpc/key-id/v1"u8);
        WireCodec.WritePoint(writer, publicKey);
        writer.WriteUInt16((ushort)Threshold);
        WireCodec.WritePartySet(writer, parties);
        writer.WriteBytes(sessionId);
        return writer.Sha256();
    }

    public override uint OtEpoch(PartyId counterpart) => 0;
}
