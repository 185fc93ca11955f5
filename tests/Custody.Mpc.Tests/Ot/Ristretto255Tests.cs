using Custody.Mpc.Curve;
using Custody.Mpc.Ot.Group;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_using_the_ristretto255_group
{
    // RFC 9496, Appendix A.1: encodings of the multiples 1*B and 2*B of the generator.
    private const string OneB = "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76";
    private const string TwoB = "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919";

    [Fact]
    public void small_multiples_of_the_generator_have_the_rfc_encodings()
    {
        Assert.Equal(OneB, Hex(MulBase(ScalarOf(1))));
        Assert.Equal(TwoB, Hex(MulBase(ScalarOf(2))));
        var sum = new byte[32];
        Assert.True(Ristretto255.TryAdd(Convert.FromHexString(OneB), Convert.FromHexString(OneB), sum));
        Assert.Equal(TwoB, Hex(sum));
    }

    [Fact]
    public void multiplication_is_consistent_with_addition_and_commutes()
    {
        var rng = MpcRandom.Seeded(31);
        for (var i = 0; i < 10; i++)
        {
            var a = RandomScalar(rng);
            var b = RandomScalar(rng);
            var aB = MulBase(a);
            var bB = MulBase(b);
            var abB = new byte[32];
            var baB = new byte[32];
            Assert.True(Ristretto255.TryMul(a, bB, abB));
            Assert.True(Ristretto255.TryMul(b, aB, baB));
            Assert.Equal(abB, baB);
            var difference = new byte[32];
            var back = new byte[32];
            Assert.True(Ristretto255.TrySubtract(aB, bB, difference));
            Assert.True(Ristretto255.TryAdd(difference, bB, back));
            Assert.Equal(aB, back);
        }
    }

    [Fact]
    public void hashing_to_the_group_is_deterministic_and_yields_valid_elements()
    {
        var input = new byte[64];
        var first = new byte[32];
        var again = new byte[32];
        var other = new byte[32];
        input[0] = 1;
        Ristretto255.FromHash(input, first);
        Ristretto255.FromHash(input, again);
        input[63] = 1;
        Ristretto255.FromHash(input, other);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(Ristretto255.IsValidElement(first));
        Assert.True(Ristretto255.IsValidElement(other));
    }

    [Fact]
    public void invalid_encodings_and_the_identity_are_refused()
    {
        var scalar = RandomScalar(MpcRandom.Seeded(32));
        var output = new byte[32];
        var identity = new byte[32];
        var nonCanonical = Enumerable.Repeat((byte)0xFF, 32).ToArray();
        // A negative field element (low bit set) is never a canonical encoding (RFC 9496, 4.3.1).
        var negative = Convert.FromHexString(OneB);
        negative[0] |= 1;
        foreach (var bad in new[] { identity, nonCanonical, negative, new byte[31] })
        {
            Assert.False(Ristretto255.IsValidElement(bad));
        }
        Assert.False(Ristretto255.TryMul(scalar, identity, output));
        Assert.False(Ristretto255.TryMul(scalar, nonCanonical, output));
        Assert.False(Ristretto255.TryAdd(nonCanonical, Convert.FromHexString(OneB), output));
        Assert.Throws<ArgumentException>(() => Ristretto255.MulBase(new byte[32], output));
    }

    [Fact]
    public void random_scalars_are_distinct_and_non_zero()
    {
        var rng = MpcRandom.Seeded(33);
        var seen = new HashSet<string>();
        for (var i = 0; i < 50; i++)
        {
            var s = RandomScalar(rng);
            Assert.NotEqual(new byte[32], s);
            Assert.True(seen.Add(Hex(s)));
            Assert.True(s[31] < 0x20, "a reduced scalar is below L < 2^253");
        }
    }

    private static byte[] RandomScalar(MpcRandom rng)
    {
        var s = new byte[32];
        Ristretto255.RandomScalar(rng, s);
        return s;
    }

    private static byte[] ScalarOf(byte value)
    {
        var s = new byte[32];
        s[0] = value;
        return s;
    }

    private static byte[] MulBase(byte[] scalar)
    {
        var p = new byte[32];
        Ristretto255.MulBase(scalar, p);
        return p;
    }

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}

public sealed class when_proving_a_ristretto255_discrete_log
{
    [Fact]
    public void an_honest_proof_verifies_and_every_alteration_is_refused()
    {
        var rng = MpcRandom.Seeded(41);
        var secret = new byte[32];
        Ristretto255.RandomScalar(rng, secret);
        var publicPoint = new byte[32];
        Ristretto255.MulBase(secret, publicPoint);
        var proof = new byte[RistrettoDlogProof.EncodedLength];
        RistrettoDlogProof.Prove(new Custody.Mpc.Transcripts.Transcript("test"), secret, publicPoint, rng, proof);

        Assert.True(RistrettoDlogProof.Verify(new Custody.Mpc.Transcripts.Transcript("test"), publicPoint, proof));
        Assert.False(RistrettoDlogProof.Verify(new Custody.Mpc.Transcripts.Transcript("other session"), publicPoint, proof));
        var otherPoint = new byte[32];
        Ristretto255.MulBase(proof[32..], otherPoint);
        Assert.False(RistrettoDlogProof.Verify(new Custody.Mpc.Transcripts.Transcript("test"), otherPoint, proof));
        for (var position = 0; position < proof.Length; position += 7)
        {
            var altered = (byte[])proof.Clone();
            altered[position] ^= 0x04;
            Assert.False(RistrettoDlogProof.Verify(new Custody.Mpc.Transcripts.Transcript("test"), publicPoint, altered));
        }
        var nonCanonical = (byte[])proof.Clone();
        nonCanonical[63] = 0xFF;
        Assert.False(RistrettoDlogProof.Verify(new Custody.Mpc.Transcripts.Transcript("test"), publicPoint, nonCanonical));
        Assert.False(Ristretto255.IsCanonicalScalar(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
    }
}
