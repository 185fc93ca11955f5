using Custody.Mpc.Curve;

namespace Custody.Mpc.Sharing;

/// <summary>
/// A secret polynomial f(x) = a_0 + a_1 x + ... + a_{t-1} x^{t-1} over Z_q (Feldman VSS dealer side).
/// Holds secrets: dispose it. Coefficients are uniform; a_0 is this dealer's contribution to the key.
/// </summary>
public sealed class Polynomial : IDisposable
{
    private readonly Scalar[] _coefficients;

    private Polynomial(Scalar[] coefficients)
    {
        _coefficients = coefficients;
    }

    public int Degree => _coefficients.Length - 1;

    public Scalar ConstantTerm => _coefficients[0];

    public static Polynomial Random(int threshold, MpcRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        var coefficients = new Scalar[threshold];
        for (var k = 0; k < threshold; k++)
        {
            coefficients[k] = Scalar.RandomNonZero(random);
        }

        return new Polynomial(coefficients);
    }

    /// <summary>
    /// A random polynomial of degree t-1 with f(0) = 0 (the dealer's part of a sharing of zero, as proactive refresh
    /// uses: Herzberg, Jarecki, Krawczyk, Yung, "Proactive Secret Sharing", CRYPTO 1995).
    /// </summary>
    public static Polynomial RandomWithZeroConstant(int threshold, MpcRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 2);
        var polynomial = Random(threshold, random);
        polynomial._coefficients[0] = Scalar.Zero;
        return polynomial;
    }

    /// <summary>f(x) by Horner's rule.</summary>
    public Scalar Evaluate(Scalar x)
    {
        var result = Scalar.Zero;
        for (var k = _coefficients.Length - 1; k >= 0; k--)
        {
            result = (result * x) + _coefficients[k];
        }

        return result;
    }

    /// <summary>The Feldman commitments C_k = a_k * G.</summary>
    public Point[] Commitments() => _coefficients.Select(Point.MulBase).ToArray();

    /// <summary>sum_k C_k * x^k: the public image f(x)*G of an evaluation, from the commitments alone.</summary>
    public static Point EvaluateInExponent(IReadOnlyList<Point> commitments, Scalar x)
    {
        ArgumentNullException.ThrowIfNull(commitments);
        var result = commitments[^1];
        for (var k = commitments.Count - 2; k >= 0; k--)
        {
            result = (result * x) + commitments[k];
        }

        return result;
    }

    public void Dispose() => Array.Clear(_coefficients);
}
