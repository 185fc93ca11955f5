using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// This party's secrets for one signing or presigning session (Protocol 3.6 steps 1-2, which do not need the message),
/// carried between rounds and wiped at the end.
/// </summary>
internal sealed class SignState : IDisposable
{
    private bool _disposed;

    public SignState(SessionContext context, KeyShare share, ISessionLedger ledger, Func<Scalar, Scalar>? additiveShareTamper)
    {
        Context = context;
        Share = share;
        Ledger = ledger;
        AdditiveShareTamper = additiveShareTamper;
        InstanceKey = Scalar.RandomNonZero(context.Random);
        InversionMask = Scalar.RandomNonZero(context.Random);
        InstancePoint = Point.MulBase(InstanceKey);
        Pairs = share.LeasePairs(context.Others);
    }

    /// <summary>The pairwise state with every counterpart, leased for this session (released on <see cref="Dispose"/>).</summary>
    public IReadOnlyDictionary<PartyId, PairwiseState> Pairs { get; }

    public SessionContext Context { get; }

    public KeyShare Share { get; }

    /// <summary>Durable record of answered sessions and discarded pairs (implemented by the services).</summary>
    public ISessionLedger Ledger { get; }

    /// <summary>Test-only: lets a test play a party that signs with a wrong additive share (never set in production).</summary>
    public Func<Scalar, Scalar>? AdditiveShareTamper { get; }

    /// <summary>r_i, uniform (never derived from the message).</summary>
    public Scalar InstanceKey { get; private set; }

    /// <summary>phi_i, uniform.</summary>
    public Scalar InversionMask { get; private set; }

    /// <summary>R_i = r_i * G.</summary>
    public Point InstancePoint { get; }

    public byte[] NonceSalt { get; set; } = [];

    /// <summary>chi_ij: this party's RVOLE receiver input towards j.</summary>
    public Dictionary<PartyId, Scalar> Chi { get; } = [];

    public Dictionary<PartyId, RvoleReceiver> Receivers { get; } = [];

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Share.ReleasePairs(Pairs.Values);
        InstanceKey = Scalar.Zero;
        InversionMask = Scalar.Zero;
        Chi.Clear();
        foreach (var receiver in Receivers.Values)
        {
            receiver.Dispose();
        }

        Receivers.Clear();
    }
}
