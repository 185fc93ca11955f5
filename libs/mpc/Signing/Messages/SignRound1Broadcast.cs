using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>Signing round 1 broadcast (Protocol 3.6 step 1): the session-bound commitment to the instance key R_i = r_i*G.</summary>
public sealed class SignRound1Broadcast
{
    public SignRound1Broadcast(ReadOnlySpan<byte> nonceCommitment)
    {
        if (nonceCommitment.Length != Commitment.Length)
        {
            throw new ArgumentException("commitment is 32 bytes", nameof(nonceCommitment));
        }

        NonceCommitment = nonceCommitment.ToArray();
    }

    public byte[] NonceCommitment { get; }

    public byte[] ToBytes() => NonceCommitment.ToArray();

    public static SignRound1Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound1Broadcast(reader.ReadFixed(Commitment.Length));
        reader.EnsureEnd();
        return message;
    }
}
