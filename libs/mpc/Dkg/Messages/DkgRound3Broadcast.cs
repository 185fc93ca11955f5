using Custody.Mpc.Wire;

namespace Custody.Mpc.Dkg.Messages;

/// <summary>
/// DKG round 3 broadcast: the echo of every dealer's round-1 and round-2 broadcasts (one SHA-256 digest per party,
/// ascending), then SHA-256 of this party's view of the result (public key, every public share, chain code, every
/// opened commitment). Equal echoes and confirmations from all parties rule out equivocation in rounds 1-2.
/// </summary>
public sealed class DkgRound3Broadcast
{
    public const int Length = 32;

    public DkgRound3Broadcast(ReadOnlySpan<byte> echo, ReadOnlySpan<byte> confirmation)
    {
        if (confirmation.Length != Length)
        {
            throw new ArgumentException("confirmation is 32 bytes", nameof(confirmation));
        }

        Echo = echo.ToArray();
        Confirmation = confirmation.ToArray();
    }

    /// <summary>Digests of every dealer's round-1 and round-2 broadcasts as this party received them, in party order.</summary>
    public byte[] Echo { get; }

    public byte[] Confirmation { get; }

    public byte[] ToBytes()
    {
        using var writer = new WireWriter(Echo.Length + Length + 4);
        writer.WriteBytes(Echo);
        writer.WriteFixed(Confirmation);
        return writer.ToArray();
    }

    public static DkgRound3Broadcast Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload.ToArray());
        var message = new DkgRound3Broadcast(reader.ReadBytes(), reader.ReadFixed(Length));
        reader.EnsureEnd();
        return message;
    }
}
