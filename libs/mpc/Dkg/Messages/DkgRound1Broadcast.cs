using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>DKG round 1 broadcast: the commitment to (Feldman commitments C_i0..C_i,t-1, chain-code contribution).</summary>
public sealed class DkgRound1Broadcast
{
    public DkgRound1Broadcast(ReadOnlySpan<byte> commitment)
    {
        if (commitment.Length != Commitment.Length)
        {
            throw new ArgumentException("commitment is 32 bytes", nameof(commitment));
        }

        FeldmanCommitment = commitment.ToArray();
    }

    public byte[] FeldmanCommitment { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(Commitment.Length);
        writer.WriteFixed(FeldmanCommitment);
        return writer.ToArray();
    }

    public static DkgRound1Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound1Broadcast(reader.ReadFixed(Commitment.Length));
        reader.EnsureEnd();
        return message;
    }
}
