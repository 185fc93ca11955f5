using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>DKG round 1, to one counterpart: commitment to this party's zero-sharing seed contribution, base-OT messages (both ordered pairs).</summary>
public sealed class DkgRound1Direct
{
    public DkgRound1Direct(ReadOnlySpan<byte> seedCommitment, ReadOnlySpan<byte> baseOt)
    {
        if (seedCommitment.Length != Commitment.Length)
        {
            throw new ArgumentException("commitment is 32 bytes", nameof(seedCommitment));
        }

        SeedCommitment = seedCommitment.ToArray();
        BaseOt = baseOt.ToArray();
    }

    public byte[] SeedCommitment { get; }

    public byte[] BaseOt { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(Commitment.Length + BaseOt.Length + 4);
        writer.WriteFixed(SeedCommitment);
        writer.WriteBytes(BaseOt);
        return writer.ToArray();
    }

    public static DkgRound1Direct Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound1Direct(reader.ReadFixed(Commitment.Length), reader.ReadBytes());
        reader.EnsureEnd();
        return message;
    }
}
