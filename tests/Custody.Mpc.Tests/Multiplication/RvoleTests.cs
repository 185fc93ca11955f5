using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Protocol;

namespace Custody.Mpc.Tests.Multiplication;

public sealed class when_multiplying_two_parties_inputs
{
    private static Scalar[] RandomInputs(MpcRandom rng) => [Scalar.Random(rng), Scalar.Random(rng)];

    [Fact]
    public void the_shares_add_up_to_the_products_for_random_inputs()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            var rng = MpcRandom.Seeded(60);
            for (var session = 0; session < 5; session++)
            {
                var a = RandomInputs(rng);
                var b = Scalar.Random(rng);
                var (cA, cB) = PairFixture.Multiply(sender, receiver, [(byte)session, 1, 2, 3], b, a, (ulong)session);
                Assert.Equal(a[0] * b, cA[0] + cB[0]);
                Assert.Equal(a[1] * b, cA[1] + cB[1]);
                Assert.False(cA[0].IsZero);
            }
        }
    }

    [Fact]
    public void edge_inputs_multiply_correctly()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            var minusOne = -Scalar.One;
            Scalar[][] inputs = [[Scalar.Zero, Scalar.One], [minusOne, minusOne]];
            Scalar[] bs = [Scalar.Zero, Scalar.One, minusOne];
            var session = 0;
            foreach (var a in inputs)
            {
                foreach (var b in bs)
                {
                    var (cA, cB) = PairFixture.Multiply(sender, receiver, [9, (byte)session++], b, a, 100);
                    Assert.Equal(a[0] * b, cA[0] + cB[0]);
                    Assert.Equal(a[1] * b, cA[1] + cB[1]);
                }
            }
        }
    }

    [Fact]
    public void setups_still_work_after_a_round_trip_through_their_serialisation()
    {
        var (s0, r0) = PairFixture.Shared77();
        var senderBytes = s0.ToBytes();
        var receiverBytes = r0.ToBytes();
        Assert.Equal(MulSenderSetup.EncodedLength, senderBytes.Length);
        Assert.Equal(MulReceiverSetup.EncodedLength, receiverBytes.Length);
        s0.Dispose();
        r0.Dispose();
        using var sender = MulSenderSetup.ReadFrom(senderBytes);
        using var receiver = MulReceiverSetup.ReadFrom(receiverBytes);
        Assert.Equal(senderBytes, sender.ToBytes());
        Assert.Equal(PairFixture.Alice, sender.Self);
        Assert.Equal(PairFixture.Bob, sender.Counterpart);
        Assert.Equal(PairFixture.Bob, receiver.Self);
        var rng = MpcRandom.Seeded(61);
        var a = RandomInputs(rng);
        var b = Scalar.Random(rng);
        var (cA, cB) = PairFixture.Multiply(sender, receiver, "after-reload"u8.ToArray(), b, a, 1);
        Assert.Equal(a[0] * b, cA[0] + cB[0]);
    }

    [Fact]
    public void malformed_serialised_setups_are_refused()
    {
        var (s, r) = PairFixture.Shared77();
        var senderBytes = s.ToBytes();
        var receiverBytes = r.ToBytes();
        s.Dispose();
        r.Dispose();
        foreach (var bad in Corruptions(senderBytes))
        {
            Assert.Throws<FormatException>(() => MulSenderSetup.ReadFrom(bad));
        }
        foreach (var bad in Corruptions(receiverBytes))
        {
            Assert.Throws<FormatException>(() => MulReceiverSetup.ReadFrom(bad));
        }
        // A sender setup is not a receiver setup and vice versa.
        Assert.Throws<FormatException>(() => MulReceiverSetup.ReadFrom(senderBytes));
        Assert.Throws<FormatException>(() => MulSenderSetup.ReadFrom(receiverBytes));
    }

    private static IEnumerable<byte[]> Corruptions(byte[] encoded)
    {
        yield return encoded[..^1];
        yield return [.. encoded, 0];
        var version = (byte[])encoded.Clone();
        version[0] = 2;
        yield return version;
        var kind = (byte[])encoded.Clone();
        kind[1] ^= 0xFF;
        yield return kind;
        var zeroParty = (byte[])encoded.Clone();
        zeroParty[2] = 0;
        zeroParty[3] = 0;
        yield return zeroParty;
        var sameParties = (byte[])encoded.Clone();
        sameParties[4] = sameParties[2];
        sameParties[5] = sameParties[3];
        yield return sameParties;
    }

    [Fact]
    public void a_session_id_cannot_be_used_twice_with_the_same_setup()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            var sid = "once"u8.ToArray();
            using var first = new RvoleReceiver(receiver, sid, Scalar.One, MpcRandom.Seeded(1));
            Assert.Throws<InvalidOperationException>(() => new RvoleReceiver(receiver, sid, Scalar.One, MpcRandom.Seeded(2)));
            using var firstSender = new RvoleSender(sender, sid, MpcRandom.Seeded(3));
            Assert.Throws<InvalidOperationException>(() => new RvoleSender(sender, sid, MpcRandom.Seeded(4)));
        }
    }

    [Fact]
    public void a_sender_must_give_exactly_two_inputs()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            using var bob = new RvoleReceiver(receiver, "inputs"u8, Scalar.One, MpcRandom.Seeded(1));
            using var alice = new RvoleSender(sender, "inputs"u8, MpcRandom.Seeded(2));
            var request = bob.CreateRequest();
            Assert.Throws<ArgumentException>(() => alice.Respond(request, [Scalar.One]));
        }
    }

    [Fact]
    public void the_two_parties_disagreeing_on_the_session_id_is_detected()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            using var bob = new RvoleReceiver(receiver, "session-a"u8, Scalar.One, MpcRandom.Seeded(1));
            using var alice = new RvoleSender(sender, "session-b"u8, MpcRandom.Seeded(2));
            var abort = Assert.Throws<MpcAbortException>(() => alice.Respond(bob.CreateRequest(), [Scalar.One, Scalar.One]));
            Assert.Equal(PairFixture.Bob, abort.Culprit);
        }
    }

    [Fact]
    public void setups_of_different_base_ot_runs_do_not_work_together()
    {
        var (sender, _) = PairFixture.Shared77();
        var (otherSender, otherReceiver) = PairFixture.Setup(5, "another-dkg");
        using (sender)
        using (otherSender)
        using (otherReceiver)
        {
            var abort = Assert.Throws<MpcAbortException>(() =>
                PairFixture.Multiply(sender, otherReceiver, "mixed"u8.ToArray(), Scalar.One, [Scalar.One, Scalar.One], 1));
            Assert.Equal(PairFixture.Bob, abort.Culprit);
        }
    }
}
