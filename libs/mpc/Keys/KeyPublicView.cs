using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Wire;

namespace Custody.Mpc.Keys;

/// <summary>
/// The public part of a t-of-n key at one epoch: key id, epoch, threshold, party set, the public key Y, every party's
/// public share X_j = f(j)*G and the chain code. Every holder of a share computes the same view
/// (<see cref="KeyShare.PublicView"/>); a party joining the key in a resharing is given it by the ceremony's operator
/// and checks it is the wallet's (its public key and chain code: the xpub on record). Nothing in it is secret.
/// Construction checks that the public shares lie on one polynomial of degree t-1 whose value at 0 is Y.
/// </summary>
public sealed class KeyPublicView
{
    private readonly byte[] _keyId;
    private readonly byte[] _chainCode;
    private readonly Dictionary<PartyId, Point> _publicShares;

    public KeyPublicView(ReadOnlySpan<byte> keyId, uint epoch, int threshold, IReadOnlyList<PartyId> parties, Point publicKey, IReadOnlyDictionary<PartyId, Point> publicShares, ReadOnlySpan<byte> chainCode)
    {
        ArgumentNullException.ThrowIfNull(parties);
        ArgumentNullException.ThrowIfNull(publicShares);
        Parties = parties.ToArray();
        if (Parties.Count is < 2 or > KeyShare.MaxParties || threshold < 2 || threshold > Parties.Count)
        {
            throw new ArgumentException("need 2 <= t <= n <= 64");
        }

        if (!Parties.Zip(Parties.Skip(1)).All(p => p.First < p.Second) || Parties.Any(p => !p.IsValid))
        {
            throw new ArgumentException("the party set must be ascending, distinct and without id 0", nameof(parties));
        }

        if (keyId.Length != KeyShare.KeyIdLength || chainCode.Length != KeyShare.ChainCodeLength)
        {
            throw new ArgumentException("key id and chain code are 32 bytes");
        }

        if (publicShares.Count != Parties.Count || !Parties.All(publicShares.ContainsKey) || publicKey.IsInfinity || publicShares.Values.Any(p => p.IsInfinity))
        {
            throw new ArgumentException("a public share per party, none at infinity");
        }

        _keyId = keyId.ToArray();
        _chainCode = chainCode.ToArray();
        _publicShares = new Dictionary<PartyId, Point>(publicShares);
        Epoch = epoch;
        Threshold = threshold;
        PublicKey = publicKey;
        EnsureOnOnePolynomial();
    }

    public ReadOnlySpan<byte> KeyId => _keyId;

    public uint Epoch { get; }

    public int Threshold { get; }

    /// <summary>The key's parties, ascending.</summary>
    public IReadOnlyList<PartyId> Parties { get; }

    public Point PublicKey { get; }

    public ReadOnlySpan<byte> ChainCode => _chainCode;

    public Point PublicShare(PartyId party) =>
        _publicShares.TryGetValue(party, out var share) ? share : throw new ArgumentException($"{party} is not a party of this key", nameof(party));

    /// <summary>SHA-256 of the whole view (what two parties compare to know they hold the same one).</summary>
    public byte[] Digest()
    {
        using var writer = new WireWriter(128 + (34 * Parties.Count));
        WriteTo(writer);
        return writer.Sha256();
    }

    /// <summary>Whether <paramref name="other"/> is the same key at the same epoch with the same public shares.</summary>
    public bool SameAs(KeyPublicView other) => CryptographicOperations.FixedTimeEquals(Digest(), (other ?? throw new ArgumentNullException(nameof(other))).Digest());

    internal void WriteTo(WireWriter writer)
    {
        writer.WriteBytes("custody/mpc/key-public-view/v1"u8);
        writer.WriteFixed(_keyId);
        writer.WriteUInt32(Epoch);
        writer.WriteUInt16((ushort)Threshold);
        WireCodec.WritePartySet(writer, Parties);
        WireCodec.WritePoint(writer, PublicKey);
        foreach (var party in Parties)
        {
            WireCodec.WritePoint(writer, _publicShares[party]);
        }

        writer.WriteFixed(_chainCode);
    }

    public override string ToString() => $"KeyPublicView({Threshold}-of-{Parties.Count}, epoch {Epoch})";

    /// <summary>X_j interpolated over the first t parties gives Y at 0 and every other party's X_j.</summary>
    private void EnsureOnOnePolynomial()
    {
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
