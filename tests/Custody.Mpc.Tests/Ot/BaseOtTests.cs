using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Multiplication;

namespace Custody.Mpc.Tests.Ot;

public sealed class when_running_the_base_ot
{
    private static readonly byte[] Sid = "base-ot-test"u8.ToArray();

    private static (MulSenderSetupExchange Alice, MulReceiverSetupExchange Bob) Start(ulong seed) =>
        (new MulSenderSetupExchange(Sid, PairFixture.Alice, PairFixture.Bob, MpcRandom.Seeded(seed)),
         new MulReceiverSetupExchange(Sid, PairFixture.Bob, PairFixture.Alice, MpcRandom.Seeded(seed + 1)));

    [Fact]
    public void the_ot_receiver_gets_exactly_the_seeds_its_choice_bits_select()
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            Assert.Equal(sender.SetupId, receiver.SetupId);
            var ones = 0;
            for (var i = 0; i < OtParameters.Kappa; i++)
            {
                var bit = BitMatrix.GetBit(sender.Delta, i);
                ones += bit;
                var got = sender.Seeds.Slice(i * 16, 16).ToArray();
                var chosen = (bit == 1 ? receiver.Seeds1 : receiver.Seeds0).Slice(i * 16, 16).ToArray();
                var other = (bit == 1 ? receiver.Seeds0 : receiver.Seeds1).Slice(i * 16, 16).ToArray();
                Assert.Equal(chosen, got);
                Assert.NotEqual(other, got);
            }
            Assert.InRange(ones, 30, 98);
        }
    }

    [Fact]
    public void a_tampered_proof_of_the_ot_senders_key_aborts_naming_the_sender()
    {
        var (alice, bob) = Start(1);
        var message = bob.CreateMessage();
        message[^1] ^= 1;
        var abort = Assert.Throws<MpcAbortException>(() => alice.Finish(message));
        Assert.Equal(PairFixture.Bob, abort.Culprit);
    }

    [Fact]
    public void a_substituted_ot_sender_key_aborts_naming_the_sender()
    {
        var (alice, bob) = Start(2);
        var message = bob.CreateMessage();
        Point.MulBase(Scalar.FromUInt64(5)).WriteEncoded(message.AsSpan(1));
        var abort = Assert.Throws<MpcAbortException>(() => alice.Finish(message));
        Assert.Equal(PairFixture.Bob, abort.Culprit);
    }

    [Theory]
    [InlineData(0x04)]
    [InlineData(0x00)]
    public void an_invalid_ot_sender_key_encoding_aborts_naming_the_sender(byte prefix)
    {
        var (alice, bob) = Start(3);
        var message = bob.CreateMessage();
        message[1] = prefix;
        var abort = Assert.Throws<MpcAbortException>(() => alice.Finish(message));
        Assert.Equal(PairFixture.Bob, abort.Culprit);
    }

    [Theory]
    [InlineData(0)] // e0
    [InlineData(40)] // e1
    [InlineData(70)] // s0
    [InlineData(127)] // s1
    public void a_tampered_bit_proof_aborts_naming_the_ot_receiver(int proofOffset)
    {
        var (alice, bob) = Start(4);
        var message = alice.CreateMessage();
        message[1 + BaseOt.SeedLength + (5 * BaseOt.ReceiverEntryLength) + 66 + proofOffset] ^= 0x01;
        var abort = Assert.Throws<MpcAbortException>(() => bob.Finish(message));
        Assert.Equal(PairFixture.Alice, abort.Culprit);
    }

    [Fact]
    public void a_substituted_encryption_point_aborts_naming_the_ot_receiver()
    {
        var (alice, bob) = Start(5);
        var message = alice.CreateMessage();
        var vOffset = 1 + BaseOt.SeedLength + (7 * BaseOt.ReceiverEntryLength) + Point.EncodedLength;
        var v = Point.Decode(message.AsSpan(vOffset, Point.EncodedLength));
        (v + Point.Generator).WriteEncoded(message.AsSpan(vOffset));
        var abort = Assert.Throws<MpcAbortException>(() => bob.Finish(message));
        Assert.Equal(PairFixture.Alice, abort.Culprit);
    }

    [Fact]
    public void an_invalid_encryption_point_aborts_naming_the_ot_receiver()
    {
        var (alice, bob) = Start(6);
        var message = alice.CreateMessage();
        message[1 + BaseOt.SeedLength + (3 * BaseOt.ReceiverEntryLength)] = 0x05;
        var abort = Assert.Throws<MpcAbortException>(() => bob.Finish(message));
        Assert.Equal(PairFixture.Alice, abort.Culprit);
    }

    [Fact]
    public void a_proof_for_a_value_that_is_not_a_bit_is_rejected()
    {
        var t = BaseOt.StartTranscript(Sid, PairFixture.Alice, PairFixture.Bob);
        var rng = MpcRandom.Seeded(8);
        var h = BaseOt.DeriveH(t, new byte[32]);
        var r = Scalar.RandomNonZero(rng);
        var u = h * r;
        var proof = new byte[BitEncryptionProof.EncodedLength];
        // v encrypts 2: a receiver that could pass this would know both keys' structure.
        var v = Point.MulBase(r) + h + h;
        BitEncryptionProof.Prove(t, h, u, v, r, bit: true, rng, proof);
        Assert.False(BitEncryptionProof.Verify(t, h, u, v, proof));
        // The honest statements verify.
        BitEncryptionProof.Prove(t, h, u, Point.MulBase(r) + h, r, bit: true, rng, proof);
        Assert.True(BitEncryptionProof.Verify(t, h, u, Point.MulBase(r) + h, proof));
        BitEncryptionProof.Prove(t, h, u, Point.MulBase(r), r, bit: false, rng, proof);
        Assert.True(BitEncryptionProof.Verify(t, h, u, Point.MulBase(r), proof));
        Assert.False(BitEncryptionProof.Verify(BaseOt.BitProofTranscript(t, 1), h, u, Point.MulBase(r), proof));
    }

    [Fact]
    public void malformed_messages_abort_with_blame_and_never_another_exception()
    {
        var (alice, bob) = Start(9);
        var toBob = alice.CreateMessage();
        var toAlice = bob.CreateMessage();
        foreach (var bad in Malformations(toAlice))
        {
            var (a, _) = Start(9);
            Assert.Equal(PairFixture.Bob, Assert.Throws<MpcAbortException>(() => a.Finish(bad)).Culprit);
        }
        foreach (var bad in Malformations(toBob))
        {
            var (_, b) = Start(9);
            Assert.Equal(PairFixture.Alice, Assert.Throws<MpcAbortException>(() => b.Finish(bad)).Culprit);
        }
        alice.Dispose();
        bob.Dispose();
    }

    [Fact]
    public void setups_from_different_session_ids_do_not_match()
    {
        var (s1, r1) = PairFixture.Setup(12, "session-one");
        using (s1)
        using (r1)
        {
            var sid2 = "session-two"u8;
            using var alice = new MulSenderSetupExchange(sid2, PairFixture.Alice, PairFixture.Bob, MpcRandom.Seeded(12));
            using var bob = new MulReceiverSetupExchange(sid2, PairFixture.Bob, PairFixture.Alice, MpcRandom.Seeded(1012));
            // Alice's message was made for session-one; Bob in session-two rejects its proofs.
            using var aliceOld = new MulSenderSetupExchange("session-one"u8, PairFixture.Alice, PairFixture.Bob, MpcRandom.Seeded(12));
            Assert.Throws<MpcAbortException>(() => bob.Finish(aliceOld.CreateMessage()));
        }
    }

    internal static IEnumerable<byte[]> Malformations(byte[] message)
    {
        yield return [];
        yield return message[..^1];
        yield return [.. message, 0];
        var wrongVersion = (byte[])message.Clone();
        wrongVersion[0] = 2;
        yield return wrongVersion;
    }
}
