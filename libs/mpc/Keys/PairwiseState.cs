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
    private int _leases;

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

    /// <summary>
    /// Marks the pair unusable for good (terminal pairwise abort) and wipes its OT material, or, while signing
    /// sessions hold leases on it, as soon as the last of them ends: a session computing with the setups must never
    /// read them half-wiped (a zeroed Delta would hand the counterpart the sender's inputs). Idempotent. Called under
    /// the owning <see cref="KeyShare"/>'s lock.
    /// </summary>
    internal void Discard()
    {
        Status = PairStatus.Discarded;
        if (_leases == 0)
        {
            WipeSetups();
        }
    }

    /// <summary>A session starts using the setups (under the owning share's lock, after checking the status).</summary>
    internal void Lease() => _leases++;

    /// <summary>A session stops using the setups; the last one out completes a pending discard.</summary>
    internal void Release()
    {
        if (_leases > 0 && --_leases == 0 && Status == PairStatus.Discarded)
        {
            WipeSetups();
        }
    }

    public void Dispose()
    {
        Status = PairStatus.Discarded;
        WipeSetups();
        CryptographicOperations.ZeroMemory(_zeroSeed);
    }

    private void WipeSetups()
    {
        Sender?.Dispose();
        Receiver?.Dispose();
        Sender = null;
        Receiver = null;
    }
}
