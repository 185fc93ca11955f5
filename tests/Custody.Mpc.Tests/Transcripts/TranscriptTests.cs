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
