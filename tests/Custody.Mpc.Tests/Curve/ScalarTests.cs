using System.Numerics;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

public sealed class when_doing_scalar_arithmetic
{
    private static readonly BigInteger Q = new(Secp256k1.OrderBytes, isUnsigned: true, isBigEndian: true);

    private static BigInteger ToBig(Scalar s) => new(s.ToBytes(), isUnsigned: true, isBigEndian: true);

    private static Scalar FromBig(BigInteger value)
    {
        var bytes = new byte[32];
        var raw = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        raw.CopyTo(bytes, 32 - raw.Length);
        return Scalar.Create(bytes);
    }

    private static IEnumerable<Scalar> Samples()
    {
        var rng = MpcRandom.Seeded(7);
        yield return Scalar.Zero;
        yield return Scalar.One;
        yield return FromBig(Q - 1);
        yield return FromBig(Q - 2);
        yield return FromBig(BigInteger.Pow(2, 255));
        yield return FromBig(BigInteger.Pow(2, 128) - 1);
        for (var i = 0; i < 200; i++)
        {
            yield return Scalar.Random(rng);
        }
    }

    [Fact]
    public void addition_subtraction_multiplication_and_negation_match_big_integer_arithmetic()
    {
        var samples = Samples().ToArray();
        for (var i = 0; i < samples.Length; i++)
        {
            var a = samples[i];
            var b = samples[(i * 7 + 3) % samples.Length];
            var (x, y) = (ToBig(a), ToBig(b));
            Assert.Equal((x + y) % Q, ToBig(a + b));
            Assert.Equal(((x - y) % Q + Q) % Q, ToBig(a - b));
            Assert.Equal(x * y % Q, ToBig(a * b));
            Assert.Equal((Q - x) % Q, ToBig(-a));
        }
    }

    [Fact]
    public void inversion_matches_big_integer_and_refuses_zero()
    {
        foreach (var a in Samples().Where(s => !s.IsZero).Take(40))
        {
            var inverse = a.Invert();
            Assert.Equal(BigInteger.ModPow(ToBig(a), Q - 2, Q), ToBig(inverse));
            Assert.Equal(Scalar.One, a * inverse);
        }
        Assert.Throws<InvalidOperationException>(() => Scalar.Zero.Invert());
    }

    [Fact]
    public void values_not_below_the_order_are_rejected()
    {
        Assert.False(Scalar.TryCreate(Secp256k1.OrderBytes, out _));
        Assert.False(Scalar.TryCreate(Enumerable.Repeat((byte)0xFF, 32).ToArray(), out _));
        Assert.False(Scalar.TryCreate(new byte[31], out _));
        Assert.False(Scalar.TryCreate(new byte[33], out _));
        Assert.Throws<ArgumentException>(() => Scalar.Create(Secp256k1.OrderBytes));
        var qMinusOne = Secp256k1.OrderBytes.ToArray();
        qMinusOne[31]--;
        Assert.True(Scalar.TryCreate(qMinusOne, out var s));
        Assert.Equal(qMinusOne, s.ToBytes());
    }

    [Fact]
    public void wide_reduction_and_hash_to_scalar_match_big_integer_reduction()
    {
        var rng = MpcRandom.Seeded(11);
        var wide = new byte[64];
        for (var i = 0; i < 100; i++)
        {
            rng.Fill(wide);
            if (i == 0)
            {
                Array.Fill(wide, (byte)0xFF);
            }
            var expected = new BigInteger(wide, isUnsigned: true, isBigEndian: true) % Q;
            Assert.Equal(expected, ToBig(Scalar.FromWideBytes(wide)));
        }
        var h1 = Scalar.HashToScalar("tag-a"u8, "data"u8);
        var h2 = Scalar.HashToScalar("tag-b"u8, "data"u8);
        var h3 = Scalar.HashToScalar("tag-a"u8, "data"u8);
        Assert.NotEqual(h1, h2);
        Assert.Equal(h1, h3);
        // Length-prefixed tag: moving a byte between tag and data changes the result.
        Assert.NotEqual(Scalar.HashToScalar("ab"u8, "c"u8), Scalar.HashToScalar("a"u8, "bc"u8));
    }

    [Fact]
    public void rejection_sampling_never_returns_a_value_at_or_above_the_order()
    {
        // A source whose first outputs are all at or above q: they must be rejected, not reduced.
        var rng = new ScriptedRandom([Enumerable.Repeat((byte)0xFF, 32).ToArray(), Secp256k1.OrderBytes.ToArray()], MpcRandom.Seeded(3));
        var first = Scalar.Random(rng);
        Assert.Equal(2, rng.ScriptedUsed);
        Assert.True(ToBig(first) < Q);

        var seeded = MpcRandom.Seeded(5);
        var highBitSet = 0;
        for (var i = 0; i < 2000; i++)
        {
            var value = ToBig(Scalar.Random(seeded));
            Assert.True(value < Q);
            highBitSet += value >= BigInteger.Pow(2, 255) ? 1 : 0;
        }
        // Roughly half of uniform values have the top bit set (6 sigma bounds).
        Assert.InRange(highBitSet, 1000 - 135, 1000 + 135);
    }

    [Fact]
    public void to_string_never_shows_the_value()
    {
        var s = Scalar.FromUInt64(123456789);
        Assert.Equal("Scalar(***)", s.ToString());
        Assert.DoesNotContain("123456789", $"{s}", StringComparison.Ordinal);
    }

    [Fact]
    public void seeded_randomness_is_reproducible_and_seed_dependent()
    {
        Assert.Equal(Scalar.Random(MpcRandom.Seeded(1)), Scalar.Random(MpcRandom.Seeded(1)));
        Assert.NotEqual(Scalar.Random(MpcRandom.Seeded(1)), Scalar.Random(MpcRandom.Seeded(2)));
    }
}
