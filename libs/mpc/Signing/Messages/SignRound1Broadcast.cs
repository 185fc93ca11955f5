using Custody.Mpc.Proofs;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Signing.Messages;

/// <summary>
/// Signing round 1 broadcast (Protocol 3.6 step 1): the commitment to R_i, and the echo of the round-0 broadcasts
/// (one SHA-256 digest per signer, ascending), checked by every party before any pairwise multiplication runs.
/// </summary>
public sealed class SignRound1Broadcast
{
    public SignRound1Broadcast(ReadOnlySpan<byte> commitment, ReadOnlySpan<byte> echo)
    {
        if (commitment.Length != Proofs.Commitment.Length)
        {
            throw new ArgumentException("commitment is 32 bytes", nameof(commitment));
        }

        Commitment = commitment.ToArray();
        Echo = echo.ToArray();
    }

    /// <summary>The commitment to R_i.</summary>
    public byte[] Commitment { get; }

    /// <summary>Digests of the round-0 broadcasts this party received (its own included), in signer order.</summary>
    public byte[] Echo { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(Commitment.Length + Echo.Length + 4);
        writer.WriteFixed(Commitment);
        writer.WriteBytes(Echo);
        return writer.ToArray();
    }

    public static SignRound1Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new SignRound1Broadcast(reader.ReadFixed(Proofs.Commitment.Length), reader.ReadBytes());
        reader.EnsureEnd();
        return message;
    }
}
