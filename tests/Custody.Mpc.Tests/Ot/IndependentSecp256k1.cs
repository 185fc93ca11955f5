using System.Numerics;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Ot;

/// <summary>
/// secp256k1 field arithmetic on System.Numerics.BigInteger, independent of the BouncyCastle code
/// under test: y^2 = x^3 + 7 over p, and p = 3 mod 4 so sqrt(a) = a^((p+1)/4).
/// </summary>
internal static class IndependentSecp256k1
{
    public static readonly BigInteger P = new(Secp256k1.FieldPrimeBytes, isUnsigned: true, isBigEndian: true);

    public static bool IsOnCurveX(BigInteger x) => x < P && IsSquare(Rhs(x));

    /// <summary>The point with this x and y parity, as (x, y); null when x is not on the curve.</summary>
    public static (BigInteger X, BigInteger Y)? Lift(BigInteger x, bool oddY)
    {
        if (!IsOnCurveX(x))
        {
            return null;
        }
        var y = BigInteger.ModPow(Rhs(x), (P + 1) / 4, P);
        if (!y.IsEven != oddY)
        {
            y = P - y;
        }
        return (x, y);
    }

    /// <summary>True when the 65-byte uncompressed encoding satisfies y^2 = x^3 + 7 mod p.</summary>
    public static bool IsOnCurve(ReadOnlySpan<byte> uncompressed65)
    {
        var x = new BigInteger(uncompressed65.Slice(1, 32), isUnsigned: true, isBigEndian: true);
        var y = new BigInteger(uncompressed65.Slice(33, 32), isUnsigned: true, isBigEndian: true);
        return uncompressed65[0] == 0x04 && x < P && y < P && BigInteger.ModPow(y, 2, P) == Rhs(x);
    }

    private static BigInteger Rhs(BigInteger x) => (BigInteger.ModPow(x, 3, P) + 7) % P;

    private static bool IsSquare(BigInteger a) => a.IsZero || BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;
}
