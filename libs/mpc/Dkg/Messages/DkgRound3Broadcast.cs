using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 3 broadcast: SHA-256 of this party's view of the result (public key, every public share, chain code,
/// every opened commitment). Equal confirmations from all parties rule out equivocation in rounds 1-2.
/// </summary>
public sealed class DkgRound3Broadcast
{
    public const int Length = 32;

    public DkgRound3Broadcast(ReadOnlySpan<byte> confirmation)
    {
        if (confirmation.Length != Length)
        {
            throw new ArgumentException("confirmation is 32 bytes", nameof(confirmation));
        }

        Confirmation = confirmation.ToArray();
    }

    public byte[] Confirmation { get; }

    public byte[] ToBytes() => Confirmation.ToArray();

    public static DkgRound3Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound3Broadcast(reader.ReadFixed(Length));
        reader.EnsureEnd();
        return message;
    }
}
