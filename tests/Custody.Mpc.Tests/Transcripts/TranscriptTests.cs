using Custody.Mpc.Curve;
using Custody.Mpc.Transcripts;

namespace Custody.Mpc.Tests.Transcripts;

public sealed class when_deriving_challenges_from_a_transcript
{
    private static byte[] Challenge(Action<Transcript> build, string protocol = "test")
    {
        var t = new Transcript(protocol);
        build(t);
        return t.ChallengeBytes("c", 32);
    }

    [Fact]
    public void the_same_appends_give_the_same_challenge()
    {
        Assert.Equal(Challenge(t => t.Append("x", "abc"u8)), Challenge(t => t.Append("x", "abc"u8)));
    }

    [Fact]
    public void label_data_boundaries_are_unambiguous()
    {
        Assert.NotEqual(Challenge(t => t.Append("ab", "c"u8)), Challenge(t => t.Append("a", "bc"u8)));
        Assert.NotEqual(Challenge(t => { t.Append("a", "b"u8); t.Append("c", "d"u8); }), Challenge(t => t.Append("a", "bcd"u8)));
        Assert.NotEqual(Challenge(t => t.Append("x", []), "p"), Challenge(t => t.Append("x", []), "q"));
        Assert.NotEqual(Challenge(t => t.AppendUInt64("n", 1)), Challenge(t => t.AppendUInt64("n", 2)));
        Assert.NotEqual(Challenge(t => t.AppendPoint("P", Point.Generator)), Challenge(t => t.AppendPoint("P", Point.Infinity)));
        Assert.NotEqual(Challenge(t => t.AppendScalar("s", Scalar.One)), Challenge(t => t.AppendScalar("s", Scalar.Zero)));
    }

    [Fact]
    public void successive_challenges_differ_and_depend_on_their_label_and_length()
    {
        var t = new Transcript("test");
        var first = t.ChallengeBytes("c", 32);
        var second = t.ChallengeBytes("c", 32);
        Assert.NotEqual(first, second);
        var a = new Transcript("test").ChallengeBytes("c", 64);
        var b = new Transcript("test").ChallengeBytes("c", 32);
        Assert.NotEqual(a.AsSpan(0, 32).ToArray(), b);
        Assert.NotEqual(new Transcript("test").ChallengeScalar("c1"), new Transcript("test").ChallengeScalar("c2"));
    }

    [Fact]
    public void a_fork_continues_independently_from_the_same_state()
    {
        var t = new Transcript("test");
        t.Append("m", "1"u8);
        var fork = t.Fork();
        Assert.Equal(t.Fork().ChallengeBytes("c", 16), fork.Fork().ChallengeBytes("c", 16));
        fork.Append("m", "2"u8);
        Assert.NotEqual(t.ChallengeBytes("c", 16), fork.ChallengeBytes("c", 16));
    }
}

public sealed class when_a_transcript_absorbs_fixed_records
{
    /// <summary>Recorded with the first implementation (commit efd05dd); pins the byte format of records and challenges.</summary>
    private const string RecordedChallenges =
        "f49df96d045fd3c2e9736d1ce7c3340fde51b41c402e84f55d284bcd1fa496854b394f2055574417767c58a07b9ad94fe561a021acba4981606e05f03477990d77c28a8964f0629fcaf6" +
        "0b5594b65060834ee6636f872b6d237c326f9b881a2b560f8b977651901a2a87cf4d1102e4c258c5b23b62ad482f7ab1b2ba531b0c3594f86bfc74d20d1187168f589c6c63a32cb0317f";

    [Fact]
    public void its_challenges_match_the_recorded_values()
    {
        var t = new Transcript("known-answer");
        t.Append("empty", []);
        t.Append("small", "abc"u8);
        t.Append("large", Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray());
        t.AppendUInt64("number", 0x0102030405060708UL);
        t.AppendScalar("scalar", Scalar.FromUInt64(12345));
        t.Append("ünïcode-label", [0xFF]);
        t.Append(new string('L', 600), new byte[400]);
        t.Append("x", new byte[460]);
        t.Append("x", new byte[470]);
        var first = t.ChallengeBytes("first", 100);
        var fork = t.Fork();
        fork.Append("fork-only", [1]);
        var forked = fork.ChallengeBytes("forked", 16);
        var scalar = t.ChallengeScalar("scalar-challenge").ToBytes();
        Assert.Equal(RecordedChallenges, Convert.ToHexStringLower([.. first, .. forked, .. scalar]));
    }
}
