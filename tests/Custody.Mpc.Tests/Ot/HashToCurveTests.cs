using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Ot;
using Custody.Mpc.Tests.Multiplication;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_hashing_to_the_curve
{
    private static readonly byte[] Domain = "hash-to-curve-test"u8.ToArray();

    private static byte[] Message(int i)
    {
        var message = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(message, i);
        return message;
    }

    [Fact]
    public void the_same_input_gives_the_same_point()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HashToCurve.Hash(Domain, Message(i)), HashToCurve.Hash(Domain, Message(i)));
        }
    }

    [Fact]
    public void the_result_follows_the_documented_trials_computed_independently()
    {
        // Trial k: SHA-512(u32 len(domain) || domain || u64 len(message) || message || u32 k); x = digest[0..32],
        // y parity = digest[32] & 1; the first x on the curve wins. Recomputed here with System.Numerics.
        for (var i = 0; i < 40; i++)
        {
            var message = Message(i);
            var expected = ExpectedPoint(Domain, message);
            var actual = HashToCurve.Hash(Domain, message).EncodeUncompressed();
            Assert.Equal(expected.X, new BigInteger(actual.AsSpan(1, 32), isUnsigned: true, isBigEndian: true));
            Assert.Equal(expected.Y, new BigInteger(actual.AsSpan(33, 32), isUnsigned: true, isBigEndian: true));
        }
    }

    [Fact]
    public void different_domains_messages_indices_and_transcripts_give_different_points()
    {
        var points = new HashSet<Point>
        {
            HashToCurve.Hash(Domain, Message(1)),
            HashToCurve.Hash(Domain, Message(2)),
            HashToCurve.Hash("hash-to-curve-test2"u8, Message(1)),
            // Framing: moving a byte from the domain to the message changes the input.
            HashToCurve.Hash(Domain[..^1], [Domain[^1], .. Message(1)]),
        };
        Assert.Equal(4, points.Count);

        var r = Point.MulBase(Scalar.FromUInt64(7)).Encode();
        var domain = BaseOt.HashDomain(BaseOt.StartTranscript("sid-1"u8, PairFixture.Alice, PairFixture.Bob));
        var otherSession = BaseOt.HashDomain(BaseOt.StartTranscript("sid-2"u8, PairFixture.Alice, PairFixture.Bob));
        var swappedRoles = BaseOt.HashDomain(BaseOt.StartTranscript("sid-1"u8, PairFixture.Bob, PairFixture.Alice));
        var otherParty = BaseOt.HashDomain(BaseOt.StartTranscript("sid-1"u8, PairFixture.Alice, Custody.Mpc.Protocol.PartyId.Create(3)));
        var otPoints = new HashSet<Point>
        {
            BaseOt.HashPoint(domain, 0, r),
            BaseOt.HashPoint(domain, 1, r),
            BaseOt.HashPoint(domain, 0, Point.MulBase(Scalar.FromUInt64(8)).Encode()),
            BaseOt.HashPoint(otherSession, 0, r),
            BaseOt.HashPoint(swappedRoles, 0, r),
            BaseOt.HashPoint(otherParty, 0, r),
        };
        Assert.Equal(6, otPoints.Count);
    }

    [Fact]
    public void every_output_is_on_the_curve_and_never_infinity()
    {
        for (var i = 0; i < 200; i++)
        {
            var point = HashToCurve.Hash(Domain, Message(i));
            Assert.False(point.IsInfinity);
            Assert.True(IndependentSecp256k1.IsOnCurve(point.EncodeUncompressed()));
        }
    }

    [Fact]
    public void the_y_parity_and_the_top_bit_of_x_are_balanced_over_two_thousand_inputs()
    {
        // Seeded input set, so the counts are fixed; mean 1,000, standard deviation about 22: the
        // bounds are about 7 standard deviations wide. A hash that fixed the parity would give 0 or 2,000.
        var inputs = MpcRandom.Seeded(2_000);
        var odd = 0;
        var topBit = 0;
        var input = new byte[32];
        for (var i = 0; i < 2_000; i++)
        {
            inputs.Fill(input);
            var encoded = HashToCurve.Hash(Domain, input).Encode();
            odd += encoded[0] & 1;
            topBit += encoded[1] >> 7;
        }
        Assert.InRange(odd, 850, 1_150);
        Assert.InRange(topBit, 850, 1_150);
    }

    [Fact]
    public void random_points_are_valid_balanced_and_differ()
    {
        var rng = MpcRandom.Seeded(5);
        var seen = new HashSet<Point>();
        var odd = 0;
        for (var i = 0; i < 1_000; i++)
        {
            var point = HashToCurve.RandomPoint(rng);
            Assert.True(IndependentSecp256k1.IsOnCurve(point.EncodeUncompressed()));
            Assert.True(seen.Add(point));
            odd += point.Encode()[0] & 1;
        }
        Assert.InRange(odd, 400, 600); // mean 500, standard deviation about 16
    }

    private static (BigInteger X, BigInteger Y) ExpectedPoint(byte[] domain, byte[] message)
    {
        for (uint trial = 0; ; trial++)
        {
            byte[] input = [.. BigEndian32((uint)domain.Length), .. domain, .. BigEndian64((ulong)message.Length), .. message, .. BigEndian32(trial)];
            var digest = SHA512.HashData(input);
            var x = new BigInteger(digest.AsSpan(0, 32), isUnsigned: true, isBigEndian: true);
            var lifted = IndependentSecp256k1.Lift(x, oddY: (digest[32] & 1) == 1);
            if (lifted is { } point)
            {
                return point;
            }
        }
    }

    private static byte[] BigEndian32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
