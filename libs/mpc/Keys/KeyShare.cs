using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;

namespace Custody.Mpc.Keys;

/// <summary>
/// One party's share of a t-of-n key from the DKG: its Shamir share x_i = f(i) of the secret key, the public key,
/// every party's public share X_j = f(j)*G, the joint chain code, and the pairwise state (zero-sharing seeds and
/// RVOLE setups) per counterpart. The full private key exists nowhere; this type never returns, prints or
/// serialises anything but this party's own share, and only inside <see cref="KeyShareCodec"/> output, which
/// the caller must seal (SECURE_USAGE.md). Dispose wipes the secrets.
/// </summary>
public sealed class KeyShare : IDisposable
{
    public const int ChainCodeLength = 32;

    public const int KeyIdLength = 32;

    /// <summary>Party sets are bounded so every count fits the wire format and signing stays practical.</summary>
    public const int MaxParties = 64;

    private readonly object _gate;
    private readonly bool _ownsPairs;
    private readonly byte[] _keyId;
    private readonly byte[] _chainCode;
    private readonly Dictionary<PartyId, Point> _publicShares;
    private readonly Dictionary<PartyId, PairwiseState> _pairs;
    private Scalar _secretShare;
    private bool _disposed;

    internal KeyShare(
        ReadOnlySpan<byte> keyId,
        PartyId self,
        int threshold,
        IReadOnlyList<PartyId> parties,
        uint epoch,
        Scalar secretShare,
        Point publicKey,
        IReadOnlyDictionary<PartyId, Point> publicShares,
        ReadOnlySpan<byte> chainCode,
        IEnumerable<PairwiseState> pairs,
        object? sharedGate = null)
    {
        // A derived share (WithTweak) passes its wallet share's lock and uses, but does not own, its pairs.
        _gate = sharedGate ?? new object();
        _ownsPairs = sharedGate is null;
        Self = self;
        Threshold = threshold;
        Parties = parties.ToArray();
        Epoch = epoch;
        _keyId = keyId.ToArray();
        _secretShare = secretShare;
        PublicKey = publicKey;
        _publicShares = new Dictionary<PartyId, Point>(publicShares);
        _chainCode = chainCode.ToArray();
        _pairs = pairs.ToDictionary(p => p.Counterpart);
        Validate();
    }

    /// <summary>SHA-256 over the public key, threshold, party set and DKG session: the same at every party.</summary>
    public ReadOnlySpan<byte> KeyId => _keyId;

    /// <summary>A copy of the key id (for records that outlive a span).</summary>
    internal byte[] KeyIdBytes => _keyId.ToArray();

    public PartyId Self { get; }

    /// <summary>t: any t parties can sign, t-1 cannot.</summary>
    public int Threshold { get; }

    /// <summary>The n parties of the DKG, ascending.</summary>
    public IReadOnlyList<PartyId> Parties { get; }

    /// <summary>Share epoch: 0 from DKG; every refresh or resharing increments it (signing requires every signer's epoch to match).</summary>
    public uint Epoch { get; }

    /// <summary>The joint ECDSA public key.</summary>
    public Point PublicKey { get; }

    /// <summary>BIP-32 chain code of the wallet's master extended public key, generated jointly at DKG (docs/mpc.md "BIP-32 derivation").</summary>
    public ReadOnlySpan<byte> ChainCode => _chainCode;

    /// <summary>True for a share made by <see cref="WithTweak"/>: it signs under a derived key and is never stored.</summary>
    public bool IsDerived => !_ownsPairs;

    /// <summary>
    /// This share shifted by a public tweak t (the sum of a BIP-32 path's IL values, Derivation/): adding the constant t
    /// to the sharing polynomial f gives f + t, whose value at every party is x_j + t, so the share becomes x_i + t,
    /// every public share X_j + t*G and the public key Y + t*G, and the signing rounds run unchanged. The result shares
    /// this share's pairwise OT state (and its lock: a discard through either is seen by both) but does not own it:
    /// disposing it wipes only its own secret. It cannot be serialised (derive it again from the stored share).
    /// </summary>
    public KeyShare WithTweak(Scalar tweak)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var shift = Point.MulBase(tweak);
            var shares = _publicShares.ToDictionary(p => p.Key, p => p.Value + shift);
            return new KeyShare(_keyId, Self, Threshold, Parties, Epoch, _secretShare + tweak, PublicKey + shift, shares, _chainCode, _pairs.Values, sharedGate: _gate);
        }
    }

    /// <summary>X_j = x_j*G for every party j.</summary>
    public Point PublicShare(PartyId party) => _publicShares[party];

    public PairStatus PairStatusWith(PartyId counterpart)
    {
        lock (_gate)
        {
            return Pair(counterpart).Status;
        }
    }

    /// <summary>The pairwise state with a counterpart, after checking it may still be used.</summary>
    internal PairwiseState UsablePair(PartyId counterpart)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var pair = Pair(counterpart);
            if (pair.Status != PairStatus.Active)
            {
                throw new InvalidOperationException(
                    $"the pair {Self}-{counterpart} failed a consistency check earlier; it cannot sign until a refresh runs fresh base OT");
            }

            return pair;
        }
    }

    /// <summary>
    /// Leases the pairs with <paramref name="counterparts"/> for one signing session (each must still be usable):
    /// a discard by a concurrent session then wipes their OT material only after this session releases them.
    /// </summary>
    internal IReadOnlyDictionary<PartyId, PairwiseState> LeasePairs(IEnumerable<PartyId> counterparts)
    {
        lock (_gate)
        {
            var leased = counterparts.ToDictionary(c => c, UsablePair);
            foreach (var pair in leased.Values)
            {
                pair.Lease();
            }

            return leased;
        }
    }

    /// <summary>Ends a session's lease (see <see cref="LeasePairs"/>).</summary>
    internal void ReleasePairs(IEnumerable<PairwiseState> pairs)
    {
        lock (_gate)
        {
            foreach (var pair in pairs)
            {
                pair.Release();
            }
        }
    }

    /// <summary>
    /// Marks the pair with <paramref name="counterpart"/> unusable and wipes its OT material (docs/mpc.md "Rules": a failed
    /// pairwise check is terminal for the pair). The caller must persist the share afterwards.
    /// </summary>
    public void DiscardPair(PartyId counterpart)
    {
        lock (_gate)
        {
            Pair(counterpart).Discard();
        }
    }

    /// <summary>The OT epoch of the pair with <paramref name="counterpart"/> (what a discard record refers to).</summary>
    internal uint PairOtEpoch(PartyId counterpart)
    {
        lock (_gate)
        {
            return Pair(counterpart).OtEpoch;
        }
    }

    /// <summary>
    /// Applies durable discard records (<see cref="ISessionLedger"/>): a pair whose OT epoch is at or below a
    /// recorded discard is discarded here too, so a restored older copy of the share cannot revive it.
    /// </summary>
    internal void ApplyDiscards(IEnumerable<DiscardedPair> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            foreach (var record in records)
            {
                if (record.Self == Self && record.KeyId.Span.SequenceEqual(_keyId)
                    && _pairs.TryGetValue(record.Counterpart, out var pair) && pair.OtEpoch <= record.OtEpoch)
                {
                    pair.Discard();
                }
            }
        }
    }

    internal Scalar SecretShare
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _secretShare;
        }
    }

    internal IEnumerable<PairwiseState> Pairs => _pairs.Values.OrderBy(p => p.Counterpart);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _secretShare = Scalar.Zero;
            CryptographicOperations.ZeroMemory(_chainCode);
            if (!_ownsPairs)
            {
                return;
            }

            foreach (var pair in _pairs.Values)
            {
                pair.Dispose();
            }
        }
    }

    public override string ToString() => $"KeyShare({Self}, {Threshold}-of-{Parties.Count}, epoch {Epoch})";

    private PairwiseState Pair(PartyId counterpart) =>
        _pairs.TryGetValue(counterpart, out var pair) ? pair : throw new ArgumentException($"{counterpart} is not a counterpart of this key share", nameof(counterpart));

    /// <summary>
    /// Structural and public consistency: the party set, the threshold, x_i*G == X_i, every X_j on one polynomial
    /// of degree t-1 whose value at 0 is the public key. Runs at DKG output and on every deserialisation.
    /// </summary>
    private void Validate()
    {
        if (Parties.Count is < 2 or > MaxParties || Threshold < 2 || Threshold > Parties.Count)
        {
            throw new ArgumentException("need 2 <= t <= n <= 64");
        }

        if (!Parties.Zip(Parties.Skip(1)).All(p => p.First < p.Second) || !Parties.Contains(Self))
        {
            throw new ArgumentException("party set must be ascending, distinct, and contain this party");
        }

        if (_keyId.Length != KeyIdLength || _chainCode.Length != ChainCodeLength)
        {
            throw new ArgumentException("key id and chain code are 32 bytes");
        }

        if (_publicShares.Count != Parties.Count || !Parties.All(_publicShares.ContainsKey) || PublicKey.IsInfinity || _publicShares.Values.Any(p => p.IsInfinity))
        {
            throw new ArgumentException("a public share per party, none at infinity");
        }

        if (_pairs.Count != Parties.Count - 1 || !Parties.Where(p => p != Self).All(_pairs.ContainsKey))
        {
            throw new ArgumentException("pairwise state per counterpart required");
        }

        if (Point.MulBase(_secretShare) != _publicShares[Self])
        {
            throw new ArgumentException("the secret share does not match this party's public share");
        }

        var basis = Parties.Take(Threshold).ToArray();
        if (Interpolate(basis, Scalar.Zero) != PublicKey)
        {
            throw new ArgumentException("the public shares do not interpolate to the public key");
        }

        foreach (var party in Parties.Skip(Threshold))
        {
            if (Interpolate(basis, party.ToScalar()) != _publicShares[party])
            {
                throw new ArgumentException("the public shares do not lie on one polynomial of degree t-1");
            }
        }
    }

    /// <summary>F(x) = sum_j L_j(x) X_j over the basis: the public polynomial at x.</summary>
    private Point Interpolate(PartyId[] basis, Scalar x)
    {
        var result = Point.Infinity;
        foreach (var j in basis)
        {
            result += _publicShares[j] * Lagrange.Coefficient(j, basis, x);
        }

        return result;
    }
}
