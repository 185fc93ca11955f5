using System.Security.Cryptography;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;

namespace Custody.Mpc.Keys;

/// <summary>
/// What this party holds for one counterpart: the zero-sharing seed and the two RVOLE setups of the ordered
/// pairs (this party as multiplication sender, and as receiver), produced by base OT at DKG. <see cref="OtEpoch"/>
/// counts base-OT runs (0 at DKG; a refresh will increment it), so old and new OT state never mix.
/// </summary>
public sealed class PairwiseState : IDisposable
{
    private readonly byte[] _zeroSeed;

    internal PairwiseState(PartyId counterpart, ReadOnlySpan<byte> zeroSeed, uint otEpoch, MulSenderSetup? sender, MulReceiverSetup? receiver)
    {
        if (zeroSeed.Length != ZeroSharing.SeedLength)
        {
            throw new ArgumentException("zero-sharing seed must be 32 bytes", nameof(zeroSeed));
        }

        if ((sender is null) != (receiver is null))
        {
            throw new ArgumentException("both multiplication setups or neither");
        }

        Counterpart = counterpart;
        _zeroSeed = zeroSeed.ToArray();
        OtEpoch = otEpoch;
        Sender = sender;
        Receiver = receiver;
        Status = sender is null ? PairStatus.Discarded : PairStatus.Active;
    }

    public PartyId Counterpart { get; }

    public PairStatus Status { get; private set; }

    public uint OtEpoch { get; }

    internal byte[] ZeroSeed => _zeroSeed;

    /// <summary>This party as RVOLE sender (Alice, inputs (r_i, sk_i)) towards the counterpart.</summary>
    internal MulSenderSetup? Sender { get; private set; }

    /// <summary>This party as RVOLE receiver (Bob, input chi_ij) towards the counterpart.</summary>
    internal MulReceiverSetup? Receiver { get; private set; }

    /// <summary>Wipes the OT material for good (terminal pairwise abort). Idempotent.</summary>
    internal void Discard()
    {
        Sender?.Dispose();
        Receiver?.Dispose();
        Sender = null;
        Receiver = null;
        Status = PairStatus.Discarded;
    }

    public void Dispose()
    {
        Discard();
        CryptographicOperations.ZeroMemory(_zeroSeed);
    }
}
