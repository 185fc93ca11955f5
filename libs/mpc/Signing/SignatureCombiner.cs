using System.Runtime.CompilerServices;
using Custody.Mpc.Curve;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Signing;

/// <summary>
/// The last step of DKLs23 Protocol 3.6, shared by normal signing (round 3) and signing from a presignature (the
/// online round): s = (sum w) / (sum u), r = R.x mod q, low-s normalisation (flipping the recovery id), and
/// verification under the public key before anything is output. A failed check cannot be pinned on one party when
/// three or more sign (docs/mpc.md "Blame"): the abort then lists every other signer as a suspect.
/// </summary>
internal static class SignatureCombiner
{
    private static readonly ConditionalWeakTable<Point, PointTable> PublicKeyTables = new();

    private static readonly Scalar HalfOrder = Scalar.Create(Convert.FromHexString("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0"));

    /// <summary>The abort for a check of the combined values: the other signer with two signers, else suspects.</summary>
    public static MpcAbortException Blame(IReadOnlyList<PartyId> others, string reason) =>
        others.Count == 1
            ? new MpcAbortException(others[0], reason)
            : new MpcAbortException(others, reason + " (no per-party check exists for the partial values: every other signer is a suspect)");

    public static EcdsaSignature Combine(Point instancePoint, Point publicKey, ReadOnlySpan<byte> messageHash, Scalar u, Scalar w, IReadOnlyList<PartyId> others)
    {
        if (u.IsZero)
        {
            throw Blame(others, "signing: sum of u is zero");
        }

        var r = instancePoint.XAsScalar();
        var yOdd = instancePoint.Encode()[0] == 0x03;
        // s = w / u is zero exactly when w is (u is not); then one inversion gives both s and 1/s:
        // with k = 1/(u*w), s = w*w*k and 1/s = u*u*k.
        if (r.IsZero || w.IsZero)
        {
            throw Blame(others, "signing: r or s is zero");
        }

        var k = (u * w).Invert();
        var s = w * w * k;
        var sInverse = u * u * k;

        // Low-s (EIP-2): s > q/2 becomes q - s, which is the signature for -R, so the recovery id flips.
        if (GreaterThan(s, HalfOrder))
        {
            s = -s;
            sInverse = -sInverse;
            yOdd = !yOdd;
        }

        if (!Verifies(instancePoint, publicKey, messageHash, r, s, sInverse, yOdd))
        {
            throw Blame(others, "signing: the combined signature does not verify under the public key");
        }

        return new EcdsaSignature(r, s, yOdd ? (byte)1 : (byte)0);
    }

    /// <summary>
    /// ECDSA verification with the recovered point pinned (1/s computed by the caller and checked here):
    /// X = (e/s)*G + (r/s)*Y must be the R whose y parity is
    /// the recovery id, and x(R) must be below q (so r = x(R) exactly and v in {0,1} recovers the same key).
    /// </summary>
    private static bool Verifies(Point instancePoint, Point publicKey, ReadOnlySpan<byte> messageHash, Scalar r, Scalar s, Scalar sInverse, bool yOdd)
    {
        if (s * sInverse != Scalar.One)
        {
            return false;
        }

        var e = Scalar.FromBytesReduced(messageHash);
        // Y is fixed per key: a precomputed table for it (built once per key object) makes (r/s)*Y as cheap as (e/s)*G.
        var publicKeyTable = PublicKeyTables.GetValue(publicKey, PointTable.For);
        var rBytes = r.ToBytes();
        if (instancePoint.XBytes().AsSpan().SequenceEqual(rBytes))
        {
            // The point with x-coordinate r and y parity yOdd is R or -R: compare (e/s)*G + (r/s)*Y with it in Jacobian
            // coordinates (no inversion); the same accept/reject as encoding the sum and comparing with (yOdd, r) below.
            var expected = (instancePoint.Encode()[0] == 0x03) == yOdd ? instancePoint : -instancePoint;
            return PointEquation.BaseProductPlusTableProductIs(e * sInverse, publicKeyTable, r * sInverse, expected);
        }

        // x(R) >= q (probability about 2^-128): r is x(R) - q, so the point to compare with is not R; encode the sum.
        var x = Point.MulBase(e * sInverse) + publicKeyTable.Multiply(r * sInverse);
        if (x.IsInfinity)
        {
            return false;
        }

        var encoded = x.Encode();
        return (encoded[0] == 0x03) == yOdd && encoded.AsSpan(1).SequenceEqual(rBytes);
    }

    private static bool GreaterThan(Scalar a, Scalar b) => a.ToBytes().AsSpan().SequenceCompareTo(b.ToBytes()) > 0;
}
