using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 2 broadcast: opening of the round-1 commitment (Feldman commitments C_ik = a_ik*G, chain-code
/// contribution, salt) and the Schnorr proof of knowledge of a_i0 bound to the session and the sender. In a
/// refresh (<see cref="DealingFormat"/>) C_i0 is not sent, the chain-code contribution is empty and there is no proof.
/// </summary>
public sealed class DkgRound2Broadcast
{
    public DkgRound2Broadcast(IReadOnlyList<Point> coefficientCommitments, ReadOnlySpan<byte> chainCodeContribution, ReadOnlySpan<byte> salt, SchnorrProof? proof)
    {
        ArgumentNullException.ThrowIfNull(coefficientCommitments);
        if (coefficientCommitments.Count is < 1 or > KeyShare.MaxParties || coefficientCommitments.Any(c => c.IsInfinity))
        {
            throw new ArgumentException("1..64 commitments, none at infinity", nameof(coefficientCommitments));
        }

        if (chainCodeContribution.Length is not (0 or KeyShare.ChainCodeLength) || salt.Length != Commitment.SaltLength)
        {
            throw new ArgumentException("the chain code contribution is 32 bytes (or empty in a refresh), the salt 32 bytes");
        }

        CoefficientCommitments = coefficientCommitments.ToArray();
        ChainCodeContribution = chainCodeContribution.ToArray();
        Salt = salt.ToArray();
        Proof = proof;
    }

    public IReadOnlyList<Point> CoefficientCommitments { get; }

    public byte[] ChainCodeContribution { get; }

    public byte[] Salt { get; }

    /// <summary>The proof of knowledge of the constant term; null in a refresh (the constant term is zero).</summary>
    public SchnorrProof? Proof { get; }

    /// <summary>The committed value of round 1: the commitments and the chain-code contribution, encoded.</summary>
    public byte[] CommittedValue() => EncodeCommittedValue(CoefficientCommitments, ChainCodeContribution);

    public static byte[] EncodeCommittedValue(IReadOnlyList<Point> coefficientCommitments, ReadOnlySpan<byte> chainCodeContribution)
    {
        ArgumentNullException.ThrowIfNull(coefficientCommitments);
        using var writer = new WireWriter(40 * coefficientCommitments.Count);
        writer.WriteUInt16((ushort)coefficientCommitments.Count);
        foreach (var c in coefficientCommitments)
        {
            WireCodec.WritePoint(writer, c);
        }

        writer.WriteFixed(chainCodeContribution);
        return writer.ToArray();
    }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(40 * CoefficientCommitments.Count + 128);
        writer.WriteFixed(CommittedValue());
        writer.WriteFixed(Salt);
        Proof?.WriteTo(writer);
        return writer.ToArray();
    }

    /// <summary>Parses a DKG's broadcast (t commitments, a chain-code contribution and a proof).</summary>
    public static DkgRound2Broadcast Parse(ReadOnlySpan<byte> payload, int threshold) => Parse(payload, DealingFormat.Of(new FreshKeyDealing(threshold)));

    internal static DkgRound2Broadcast Parse(ReadOnlySpan<byte> payload, DealingFormat format)
    {
        var reader = new WireReader(payload.ToArray());
        var count = reader.ReadCount(KeyShare.MaxParties);
        if (count != format.Commitments)
        {
            throw new WireFormatException($"expected {format.Commitments} Feldman commitments, got {count}");
        }

        var commitments = new Point[count];
        for (var k = 0; k < count; k++)
        {
            commitments[k] = WireCodec.ReadPoint(reader);
        }

        var chainCode = reader.ReadFixed(format.ChainCodeContributionLength).ToArray();
        var salt = reader.ReadFixed(Commitment.SaltLength).ToArray();
        var proof = format.HasProof ? (SchnorrProof?)SchnorrProof.ReadFrom(reader) : null;
        reader.EnsureEnd();
        return new DkgRound2Broadcast(commitments, chainCode, salt, proof);
    }
}

/// <summary>The shape of a round-2 broadcast for a dealing: how many commitments, the contribution length, whether a proof follows.</summary>
internal readonly record struct DealingFormat(int Commitments, int ChainCodeContributionLength, bool HasProof)
{
    public static DealingFormat Of(KeyDealing dealing) =>
        new(dealing.Threshold - dealing.FirstCommittedCoefficient, dealing.ChainCodeContributionLength, dealing.ProvesConstantTerm);
}
