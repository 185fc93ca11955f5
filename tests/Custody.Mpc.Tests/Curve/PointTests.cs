using System.Numerics;
using System.Security.Cryptography;
using Custody.Mpc.Curve;

namespace Custody.Mpc.Tests.Curve;

public sealed class when_working_with_points
{
    // Published multiples of G (e.g. SEC 2 test data, bitcoin wiki "secp256k1").
    private const string TwoGx = "C6047F9441ED7D6D3045406E95C07CD85C778E4B8CEF3CA7ABAC09B95C709EE5";
    private const string TwoGy = "1AE168FEA63DC339A3C58419466CEAEEF7F632653266D0E1236431A950CFE52A";
    private const string ThreeGx = "F9308A019258C31049344F85F89D5229B531C845836F99B08601F113BCE036F9";
    private const string ThreeGy = "388F7B0F632DE8140FE337E62A37F3566500A99934C2231B6CB9FD7584B8E672";

    [Fact]
    public void small_multiples_of_the_generator_have_their_published_coordinates()
    {
        var g = Point.Generator;
        var two = Point.MulBase(Scalar.FromUInt64(2));
        var three = g * Scalar.FromUInt64(3);
        Assert.Equal("04" + TwoGx + TwoGy, Convert.ToHexString(two.EncodeUncompressed()));
        Assert.Equal("04" + ThreeGx + ThreeGy, Convert.ToHexString(three.EncodeUncompressed()));
        Assert.Equal(two, g + g);
        Assert.Equal(three, two + g);
        Assert.Equal(g, three - two);
        Assert.True((g - g).IsInfinity);
        Assert.True(Point.MulBase(Scalar.Zero).IsInfinity);
        Assert.Equal(-g, Point.MulBase(-Scalar.One));
        Assert.Equal(TwoGx, Convert.ToHexString(two.XBytes()));
    }

    [Fact]
    public void compressed_encoding_round_trips()
    {
        var rng = MpcRandom.Seeded(21);
        for (var i = 0; i < 30; i++)
        {
            var p = Point.MulBase(Scalar.Random(rng));
            var encoded = p.Encode();
            Assert.Equal(33, encoded.Length);
            Assert.True(Point.TryDecode(encoded, out var decoded));
            Assert.Equal(p, decoded);
            Assert.Equal(p.EncodeUncompressed().AsSpan(1, 32).ToArray(), encoded.AsSpan(1).ToArray());
        }
    }

    [Fact]
    public void decoding_rejects_a_wrong_prefix_or_length()
    {
        var good = Point.Generator.Encode();
        foreach (var prefix in new byte[] { 0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0xFF })
        {
            var bad = (byte[])good.Clone();
            bad[0] = prefix;
            Assert.False(Point.TryDecode(bad, out _));
        }
        Assert.False(Point.TryDecode(good.AsSpan(0, 32), out _));
        Assert.False(Point.TryDecode([.. good, 0x00], out _));
        Assert.False(Point.TryDecode(Point.Generator.EncodeUncompressed(), out _));
        Assert.Throws<ArgumentException>(() => Point.Decode(new byte[33]));
    }

    [Fact]
    public void decoding_rejects_infinity_encodings()
    {
        Assert.False(Point.TryDecode([0x00], out _));
        Assert.False(Point.TryDecode(new byte[33], out _));
        var zeroX = new byte[33];
        zeroX[0] = 0x02;
        // x = 0: 0^3 + 7 = 7 is not a square mod p, so no point.
        Assert.False(Point.TryDecode(zeroX, out _));
        Assert.Throws<InvalidOperationException>(() => Point.Infinity.Encode());
    }

    [Fact]
    public void decoding_rejects_x_coordinates_not_on_the_curve()
    {
        var p = new BigInteger(Secp256k1.FieldPrimeBytes, isUnsigned: true, isBigEndian: true);
        var rejected = 0;
        for (var x = 1; x < 40; x++)
        {
            var rhs = (BigInteger.Pow(x, 3) + 7) % p;
            var isSquare = BigInteger.ModPow(rhs, (p - 1) / 2, p) == 1;
            var encoded = new byte[33];
            encoded[0] = 0x02;
            encoded[32] = (byte)x;
            Assert.Equal(isSquare, Point.TryDecode(encoded, out _));
            rejected += isSquare ? 0 : 1;
        }
        Assert.True(rejected > 5);
    }

    [Fact]
    public void decoding_rejects_a_non_canonical_x_at_or_above_the_field_prime()
    {
        var p = new BigInteger(Secp256k1.FieldPrimeBytes, isUnsigned: true, isBigEndian: true);
        // x and x + p would denote the same field element; only x < p is canonical.
        var found = 0;
        for (var x = 1; found < 2 && x < 100; x++)
        {
            var canonical = new byte[33];
            canonical[0] = 0x02;
            canonical[32] = (byte)x;
            if (!Point.TryDecode(canonical, out _))
            {
                continue;
            }
            found++;
            var aliased = (byte[])canonical.Clone();
            (p + x).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(aliased, 1);
            Assert.False(Point.TryDecode(aliased, out _));
        }
        Assert.Equal(2, found);
        Assert.False(Point.TryDecode([0x02, .. Secp256k1.FieldPrimeBytes], out _));
        Assert.False(Point.TryDecode([0x03, .. Enumerable.Repeat((byte)0xFF, 32)], out _));
    }

    [Fact]
    public void public_keys_match_what_dotnet_ecdsa_computes()
    {
        var rng = MpcRandom.Seeded(99);
        for (var i = 0; i < 5; i++)
        {
            var d = Scalar.RandomNonZero(rng);
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.CreateFromValue("1.3.132.0.10"),
                D = d.ToBytes(),
            });
            var parameters = ecdsa.ExportParameters(false);
            var expected = new byte[] { 0x04 }.Concat(parameters.Q.X!).Concat(parameters.Q.Y!).ToArray();
            Assert.Equal(expected, Point.MulBase(d).EncodeUncompressed());
            Assert.Equal(expected, (Point.Generator * d).EncodeUncompressed());
        }
    }

    [Fact]
    public void x_as_scalar_is_the_x_coordinate_modulo_the_order()
    {
        var two = Point.MulBase(Scalar.FromUInt64(2));
        var q = new BigInteger(Secp256k1.OrderBytes, isUnsigned: true, isBigEndian: true);
        var x = new BigInteger(two.XBytes(), isUnsigned: true, isBigEndian: true);
        Assert.Equal(x % q, new BigInteger(two.XAsScalar().ToBytes(), isUnsigned: true, isBigEndian: true));
    }
}
