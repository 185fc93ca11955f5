using System.Numerics;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

/// <summary>GF(p) arithmetic against System.Numerics.BigInteger on seeded random and boundary values.</summary>
public sealed class when_computing_in_the_base_field
{
    private static readonly BigInteger P = new(Secp256k1.FieldPrimeBytes, isUnsigned: true, isBigEndian: true);

    [Fact]
    public void sums_differences_products_and_inverses_match_big_integer_arithmetic()
    {
        var values = Samples(seed: 5, count: 300);
        for (var i = 0; i + 1 < values.Count; i++)
        {
            var (a, b) = (values[i], values[i + 1]);
            var (fa, fb) = (ToField(a), ToField(b));
            Assert.Equal(Mod(a + b), ToBig(fa + fb));
            Assert.Equal(Mod(a - b), ToBig(fa - fb));
            Assert.Equal(Mod(-a), ToBig(-fa));
            Assert.Equal(Mod(a * b), ToBig(fa * fb));
            Assert.Equal(Mod(a * a), ToBig(fa.Square()));
            var expectedInverse = a.IsZero ? BigInteger.Zero : BigInteger.ModPow(a, P - 2, P);
            Assert.Equal(expectedInverse, ToBig(fa.Invert()));
        }
    }

    [Fact]
    public void square_roots_exist_exactly_for_quadratic_residues()
    {
        var values = Samples(seed: 6, count: 200);
        var residues = 0;
        foreach (var a in values)
        {
            var isResidue = a.IsZero || BigInteger.ModPow(a, (P - 1) / 2, P).IsOne;
            Assert.Equal(isResidue, ToField(a).TrySqrt(out var root));
            if (isResidue)
            {
                residues++;
                Assert.Equal(a, Mod(ToBig(root) * ToBig(root)));
            }
        }
        Assert.InRange(residues, 60, 160);
    }

    [Fact]
    public void parsing_accepts_values_below_p_and_rejects_p_and_above()
    {
        Assert.True(FieldElement.TryCreate(ToBytes(P - 1), out var pMinusOne));
        Assert.Equal(P - 1, ToBig(pMinusOne));
        Assert.False(FieldElement.TryCreate(ToBytes(P), out _));
        Assert.False(FieldElement.TryCreate(ToBytes(P + 1), out _));
        Assert.False(FieldElement.TryCreate(Enumerable.Repeat((byte)0xFF, 32).ToArray(), out _));
        Assert.False(FieldElement.TryCreate(new byte[31], out _));
        Assert.Equal(BigInteger.Zero, ToBig(pMinusOne + FieldElement.One));
    }

    /// <summary>Random values plus the boundaries where carries and reductions happen.</summary>
    private static List<BigInteger> Samples(int seed, int count)
    {
        var random = new Random(seed);
        var values = new List<BigInteger> { 0, 1, 2, P - 1, P - 2, (P - 1) / 2, BigInteger.Pow(2, 255), BigInteger.Pow(2, 128) - 1 };
        var bytes = new byte[32];
        while (values.Count < count)
        {
            random.NextBytes(bytes);
            var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
            if (value < P)
            {
                values.Add(value);
            }
        }
        return values;
    }

    private static BigInteger Mod(BigInteger value) => ((value % P) + P) % P;

    private static FieldElement ToField(BigInteger value) =>
        FieldElement.TryCreate(ToBytes(value), out var element) ? element : throw new ArgumentException("not below p");

    private static byte[] ToBytes(BigInteger value)
    {
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var bytes = new byte[32];
        raw.CopyTo(bytes, 32 - raw.Length);
        return bytes;
    }

    private static BigInteger ToBig(FieldElement element)
    {
        var bytes = new byte[32];
        element.WriteBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}
