using System.Numerics;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

public sealed class when_summing_two_prepared_products
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

    [Fact]
    public void the_result_equals_big_integer_arithmetic()
    {
        var rng = MpcRandom.Seeded(18);
        Scalar[] edges = [Scalar.Zero, Scalar.One, FromBig(Q - 1), FromBig(Q - 2), FromBig(BigInteger.Pow(2, 255)), FromBig(BigInteger.Pow(2, 128) - 1)];
        var samples = edges.Concat(Enumerable.Range(0, 200).Select(_ => Scalar.Random(rng))).ToArray();
        for (var i = 0; i < samples.Length; i++)
        {
            var (x, z) = (samples[i], samples[((i * 7) + 3) % samples.Length]);
            var (y, w) = (samples[((i * 11) + 5) % samples.Length], samples[((i * 13) + 1) % samples.Length]);
            var expected = ((ToBig(x) * ToBig(z)) + (ToBig(y) * ToBig(w))) % Q;
            Assert.Equal(expected, ToBig(new ScalarMultiplier(x).MultiplySum(z, new ScalarMultiplier(y), w)));
        }
    }

    [Fact]
    public void the_largest_inputs_are_reduced_fully()
    {
        // (q-1)^2 + (q-1)^2 = 2 mod q: drives the intermediate value towards its 3q bound.
        var top = FromBig(Q - 1);
        Assert.Equal(Scalar.FromUInt64(2), new ScalarMultiplier(top).MultiplySum(top, new ScalarMultiplier(top), top));
        Assert.Equal(top * top, new ScalarMultiplier(top).MultiplySum(top, new ScalarMultiplier(Scalar.Zero), top));
    }
}
