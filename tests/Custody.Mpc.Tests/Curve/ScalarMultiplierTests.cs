using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

/// <summary>Compared with plain multiplication and addition, which the scalar tests check against BigInteger.</summary>
public sealed class when_summing_two_prepared_products
{
    [Fact]
    public void the_result_equals_two_products_added()
    {
        var rng = MpcRandom.Seeded(18);
        var minusOne = -Scalar.One;
        Scalar[] edges = [Scalar.Zero, Scalar.One, minusOne, minusOne - Scalar.One, Scalar.FromUInt64(ulong.MaxValue)];
        var samples = edges.Concat(Enumerable.Range(0, 200).Select(_ => Scalar.Random(rng))).ToArray();
        for (var i = 0; i < samples.Length; i++)
        {
            var (x, z) = (samples[i], samples[((i * 7) + 3) % samples.Length]);
            var (y, w) = (samples[((i * 11) + 5) % samples.Length], samples[((i * 13) + 1) % samples.Length]);
            Assert.Equal((x * z) + (y * w), new ScalarMultiplier(x).MultiplySum(z, new ScalarMultiplier(y), w));
        }
    }

    [Fact]
    public void the_largest_inputs_are_reduced_fully()
    {
        // (q-1)^2 + (q-1)^2 = 2 mod q: drives the intermediate value towards its 3q bound.
        var top = -Scalar.One;
        Assert.Equal(Scalar.FromUInt64(2), new ScalarMultiplier(top).MultiplySum(top, new ScalarMultiplier(top), top));
        Assert.Equal(Scalar.One, new ScalarMultiplier(top).MultiplySum(top, new ScalarMultiplier(Scalar.Zero), top));
    }
}
