using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

public sealed class when_splitting_scalars_with_the_endomorphism
{
    [Fact]
    public void lambda_acts_on_points_as_beta_on_x()
    {
        var g = Point.Generator;
        var lambdaG = g * Glv.Lambda;
        Assert.Equal(g.Affine.X * Glv.Beta, lambdaG.Affine.X);
        Assert.Equal(g.Affine.Y, lambdaG.Affine.Y);
        Assert.Equal(Scalar.One, Glv.Lambda * Glv.Lambda * Glv.Lambda);
        Assert.NotEqual(Scalar.One, Glv.Lambda);
        Assert.Equal(FieldElement.One, Glv.Beta * Glv.Beta * Glv.Beta);
    }

    [Fact]
    public void halves_recombine_to_the_scalar_and_stay_below_2_to_the_128()
    {
        var rng = MpcRandom.Seeded(90);
        var scalars = new List<Scalar> { Scalar.Zero, Scalar.One, -Scalar.One, -Scalar.FromUInt64(2), Glv.Lambda, -Glv.Lambda };
        for (var i = 0; i < 500; i++)
        {
            scalars.Add(Scalar.Random(rng));
        }
        foreach (var k in scalars)
        {
            Glv.Split(k, out var m1, out var n1, out var m2, out var n2);
            Assert.Equal(0UL, m1.Limbs.L2 | m1.Limbs.L3);
            Assert.Equal(0UL, m2.Limbs.L2 | m2.Limbs.L3);
            var k1 = n1 == 1 ? -m1 : m1;
            var k2 = n2 == 1 ? -m2 : m2;
            Assert.Equal(k, k1 + (k2 * Glv.Lambda));
        }
    }
}
