using Custody.Mpc.Wire;

namespace Custody.Mpc.Proofs;

/// <summary>
/// A broadcast that carries exactly one session-bound <see cref="Commitment"/>: DKG round 1 (to the Feldman
/// commitments and chain-code contribution) and signing round 1 (to the instance key R_i, Protocol 3.6 step 1).
/// </summary>
public sealed class CommitmentMessage
{
    public CommitmentMessage(ReadOnlySpan<byte> commitment)
    {
        if (commitment.Length != Commitment.Length)
        {
            throw new ArgumentException("commitment is 32 bytes", nameof(commitment));
        }

        Value = commitment.ToArray();
    }

    public byte[] Value { get; }

    public byte[] ToBytes() => Value.ToArray();

    public static CommitmentMessage Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new CommitmentMessage(reader.ReadFixed(Commitment.Length));
        reader.EnsureEnd();
        return message;
    }
}
