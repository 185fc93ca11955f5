using Custody.Mpc.Curve;
using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Math.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Custody.Mpc.Tests.Curve;

/// <summary>
/// Our point arithmetic against BouncyCastle's secp256k1 (an independent implementation) on seeded
/// random scalars and on the scalars where windowed methods hit exceptional additions.
/// </summary>
public sealed class when_multiplying_points
{
    private static readonly ECPoint BcG = CustomNamedCurves.GetByName("secp256k1").G;

    [Fact]
    public void fixed_base_variable_base_and_table_products_match_bouncy_castle()
    {
        var rng = MpcRandom.Seeded(77);
        var basePoint = Point.MulBase(Scalar.Random(rng));
        var table = PointTable.For(basePoint);
        foreach (var k in Scalars(rng, 60))
        {
            Assert.Equal(Bc(BcG, k), Point.MulBase(k).EncodeUncompressedOrInfinity());
            Assert.Equal(Bc(ToBc(basePoint), k), (basePoint * k).EncodeUncompressedOrInfinity());
            Assert.Equal(Bc(ToBc(basePoint), k), table.Multiply(k).EncodeUncompressedOrInfinity());
        }
    }

    [Fact]
    public void sums_of_products_match_bouncy_castle_including_equal_and_opposite_bases()
    {
        var rng = MpcRandom.Seeded(78);
        var p = Point.MulBase(Scalar.Random(rng));
        var scalars = Scalars(rng, 24);
        for (var i = 0; i + 1 < scalars.Count; i++)
        {
            var (a, b) = (scalars[i], scalars[i + 1]);
            foreach (var q in new[] { Point.Generator, p, -p, p + p })
            {
                var expected = ToBc(p).Multiply(ToBig(a)).Add(q.IsInfinity ? BcG.Curve.Infinity : ToBc(q).Multiply(ToBig(b)));
                Assert.Equal(Encode(expected), Point.SumOfProducts(p, a, q, b).EncodeUncompressedOrInfinity());
            }
        }
    }

    [Fact]
    public void additions_cover_doubling_inverse_and_infinity()
    {
        var rng = MpcRandom.Seeded(79);
        var p = Point.MulBase(Scalar.Random(rng));
        Assert.Equal(Point.MulBase(Scalar.FromUInt64(2)) * Scalar.Random(MpcRandom.Seeded(1)), Point.Generator * Scalar.FromUInt64(2) * Scalar.Random(MpcRandom.Seeded(1)));
        Assert.Equal(p * Scalar.FromUInt64(2), p + p);
        Assert.True((p + (-p)).IsInfinity);
        Assert.Equal(p, p + Point.Infinity);
        Assert.Equal(p, Point.Infinity + p);
        Assert.True((Point.Infinity * Scalar.Random(rng)).IsInfinity);
        Assert.True(Point.SumOfProducts(p, Scalar.One, p, -Scalar.One).IsInfinity);
    }

    [Fact]
    public void jacobian_equations_agree_with_the_affine_computation_and_reject_any_other_point()
    {
        var rng = MpcRandom.Seeded(80);
        var p = Point.MulBase(Scalar.Random(rng));
        var table = PointTable.For(p);
        var scalars = Scalars(rng, 20);
        for (var i = 0; i + 1 < scalars.Count; i++)
        {
            var (a, b) = (scalars[i], scalars[i + 1]);
            // The old path: every intermediate point in affine coordinates, compared by encoding.
            var difference = (p * a) - Point.MulBase(b);
            Assert.True(PointEquation.ProductMinusBaseProductIs(p, a, b, difference));
            Assert.False(PointEquation.ProductMinusBaseProductIs(p, a, b, difference + Point.Generator));
            // -X differs from X for every finite X (secp256k1 has no point of order 2).
            Assert.Equal(difference.IsInfinity, PointEquation.ProductMinusBaseProductIs(p, a, b, -difference));
            var sum = Point.MulBase(a) + table.Multiply(b);
            Assert.True(PointEquation.BaseProductPlusTableProductIs(a, table, b, sum));
            Assert.False(PointEquation.BaseProductPlusTableProductIs(a, table, b, sum + p));
            Assert.Equal(sum.IsInfinity, PointEquation.BaseProductPlusTableProductIs(a, table, b, Point.Infinity));
        }
    }

    [Fact]
    public void jacobian_equations_cover_the_infinity_and_opposite_points()
    {
        var rng = MpcRandom.Seeded(81);
        var k = Scalar.Random(rng);
        var p = Point.MulBase(Scalar.Random(rng));
        // a*P - b*G is the infinity exactly when a*P = b*G.
        Assert.True(PointEquation.ProductMinusBaseProductIs(Point.Generator, k, k, Point.Infinity));
        Assert.False(PointEquation.ProductMinusBaseProductIs(Point.Generator, k, k, Point.Generator));
        Assert.True(PointEquation.ProductMinusBaseProductIs(Point.Infinity, k, Scalar.One, -Point.Generator));
        Assert.False(PointEquation.ProductMinusBaseProductIs(p, k, Scalar.Zero, -(p * k)));
        Assert.True(PointEquation.BaseProductPlusTableProductIs(k, PointTable.For(Point.Generator), -k, Point.Infinity));
        Assert.False(PointEquation.BaseProductPlusTableProductIs(k, PointTable.For(Point.Generator), -k, p));
    }

    [Fact]
    public void a_jacobian_point_sum_matches_affine_additions_including_cancellation_and_doubling()
    {
        var rng = MpcRandom.Seeded(82);
        var points = Enumerable.Range(0, 6).Select(_ => Point.MulBase(Scalar.Random(rng))).ToList();
        points.Add(points[2]);
        points.Add(-points[0]);
        points.Add(Point.Infinity);
        var sum = new PointSum(points[0]);
        var affine = points[0];
        foreach (var point in points.Skip(1))
        {
            sum.Add(point);
            affine += point;
            Assert.True(sum.Is(affine));
            Assert.False(sum.Is(affine + Point.Generator));
            Assert.Equal(affine, sum.ToPoint());
        }
        var cancelled = new PointSum(points[1]);
        cancelled.Add(-points[1]);
        Assert.True(cancelled.ToPoint().IsInfinity);
        Assert.True(cancelled.Is(Point.Infinity));
        Assert.False(cancelled.Is(points[1]));
    }

    [Fact]
    public void a_table_refuses_infinity()
    {
        Assert.Throws<ArgumentException>(() => PointTable.For(Point.Infinity));
    }

    /// <summary>Random scalars plus 0, 1, small values, q - 1 and q - 2d for every digit d (the doubling case of the last addition).</summary>
    private static List<Scalar> Scalars(MpcRandom rng, int random)
    {
        var list = new List<Scalar> { Scalar.Zero, Scalar.One, Scalar.FromUInt64(2), Scalar.FromUInt64(8), Scalar.FromUInt64(16), Scalar.FromUInt64(0xFFFF_FFFF), -Scalar.One };
        for (ulong d = 1; d <= 8; d++)
        {
            list.Add(-Scalar.FromUInt64(2 * d));
            list.Add(-Scalar.FromUInt64(d));
        }
        for (var i = 0; i < random; i++)
        {
            list.Add(Scalar.Random(rng));
        }
        return list;
    }

    private static byte[] Bc(ECPoint point, Scalar k) => Encode(point.Multiply(ToBig(k)));

    private static byte[] Encode(ECPoint point) => point.IsInfinity ? [0x00] : point.Normalize().GetEncoded(false);

    private static ECPoint ToBc(Point point) => BcG.Curve.DecodePoint(point.EncodeUncompressed());

    private static BcBigInteger ToBig(Scalar k) => new(1, k.ToBytes());
}

internal static class PointEncodingForTests
{
    /// <summary>Uncompressed SEC 1 bytes, or the single byte 00 for infinity (as BouncyCastle's test helper above).</summary>
    public static byte[] EncodeUncompressedOrInfinity(this Point point) => point.IsInfinity ? [0x00] : point.EncodeUncompressed();
}
