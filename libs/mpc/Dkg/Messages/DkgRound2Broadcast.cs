using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 2 broadcast: opening of the round-1 commitment (Feldman commitments C_ik = a_ik*G, chain-code
/// contribution, salt) and the Schnorr proof of knowledge of a_i0 bound to the session and the sender.
/// </summary>
public sealed class DkgRound2Broadcast
{
    public DkgRound2Broadcast(IReadOnlyList<Point> coefficientCommitments, ReadOnlySpan<byte> chainCodeContribution, ReadOnlySpan<byte> salt, SchnorrProof proof)
    {
        ArgumentNullException.ThrowIfNull(coefficientCommitments);
        if (coefficientCommitments.Count is < 1 or > KeyShare.MaxParties || coefficientCommitments.Any(c => c.IsInfinity))
        {
            throw new ArgumentException("1..64 commitments, none at infinity", nameof(coefficientCommitments));
        }

        if (chainCodeContribution.Length != KeyShare.ChainCodeLength || salt.Length != Commitment.SaltLength)
        {
            throw new ArgumentException("chain code contribution and salt are 32 bytes");
        }

        CoefficientCommitments = coefficientCommitments.ToArray();
        ChainCodeContribution = chainCodeContribution.ToArray();
        Salt = salt.ToArray();
        Proof = proof;
    }

    public IReadOnlyList<Point> CoefficientCommitments { get; }

    public byte[] ChainCodeContribution { get; }

    public byte[] Salt { get; }

    public SchnorrProof Proof { get; }

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
        Proof.WriteTo(writer);
        return writer.ToArray();
    }

    public static DkgRound2Broadcast Parse(ReadOnlySpan<byte> payload, int threshold)
    {
        var reader = new WireReader(payload.ToArray());
        var count = reader.ReadCount(KeyShare.MaxParties);
        if (count != threshold)
        {
            throw new WireFormatException($"expected {threshold} Feldman commitments, got {count}");
        }

        var commitments = new Point[count];
        for (var k = 0; k < count; k++)
        {
            commitments[k] = WireCodec.ReadPoint(reader);
        }

        var chainCode = reader.ReadFixed(KeyShare.ChainCodeLength).ToArray();
        var salt = reader.ReadFixed(Commitment.SaltLength).ToArray();
        var proof = SchnorrProof.ReadFrom(reader);
        reader.EnsureEnd();
        return new DkgRound2Broadcast(commitments, chainCode, salt, proof);
    }
}
