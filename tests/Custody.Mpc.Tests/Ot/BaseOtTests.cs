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

    /// <summary>Runs Bob's Finish on Alice's message after <paramref name="change"/>; Bob must abort naming Alice for that reason.</summary>
    private static void BobAbortsNamingAlice(ulong seed, string reason, Action<byte[]> change)
    {
        var (alice, bob) = Start(seed);
        using (alice)
        using (bob)
        {
            var message = alice.CreateMessage();
            change(message);
            var abort = Assert.Throws<MpcAbortException>(() => bob.Finish(message));
            Assert.Equal(PairFixture.Alice, abort.Culprit);
            Assert.Contains(reason, abort.Reason, StringComparison.Ordinal);
        }
    }

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
    public void the_messages_have_the_documented_sizes()
    {
        var (alice, bob) = Start(20);
        using (alice)
        using (bob)
        {
            // README "Sizes": version || 128 x (r_0 || r_1) and version || z || DL proof.
            Assert.Equal(8_449, alice.CreateMessage().Length);
            Assert.Equal(99, bob.CreateMessage().Length);
            Assert.Equal(BaseOt.MessageVersion, alice.CreateMessage()[0]);
        }
    }

    [Fact]
    public void both_slots_of_every_entry_look_alike_whatever_the_choice_bit()
    {
        // The slot that holds the receiver's key (r_b) and the random slot (r_{1-b}) are both uniform
        // points: their y parity and top x bit do not reveal b (a leak here would reveal KOS Delta).
        var parityOfKeySlot = 0;
        var parityOfRandomSlot = 0;
        var topBitOfKeySlot = 0;
        var topBitOfRandomSlot = 0;
        const int Runs = 4;
        for (var run = 0; run < Runs; run++)
        {
            var (alice, bob) = Start(300 + ((ulong)run * 2));
            using (alice)
            using (bob)
            {
                var message = alice.CreateMessage();
                using var setup = alice.Finish(bob.CreateMessage());
                for (var i = 0; i < OtParameters.Kappa; i++)
                {
                    var bit = BitMatrix.GetBit(setup.Delta, i);
                    var entry = message.AsSpan(BaseOt.EntryOffset(i), BaseOt.ReceiverEntryLength);
                    var keySlot = entry.Slice(bit * Point.EncodedLength, Point.EncodedLength);
                    var randomSlot = entry.Slice((1 - bit) * Point.EncodedLength, Point.EncodedLength);
                    parityOfKeySlot += keySlot[0] & 1;
                    parityOfRandomSlot += randomSlot[0] & 1;
                    topBitOfKeySlot += keySlot[1] >> 7;
                    topBitOfRandomSlot += randomSlot[1] >> 7;
                }
            }
        }
        const int Total = Runs * OtParameters.Kappa; // 512: mean 256, standard deviation about 11
        foreach (var count in new[] { parityOfKeySlot, parityOfRandomSlot, topBitOfKeySlot, topBitOfRandomSlot })
        {
            Assert.InRange(count, (Total / 2) - 60, (Total / 2) + 60);
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

    public static TheoryData<int, string> InvalidPoints() => new()
    {
        { 0, "prefix 05" },
        { 1, "prefix 04" },
        { 0, "infinity (all zero)" },
        { 1, "x = p" },
        { 0, "x off the curve" },
        { 1, "x off the curve" },
    };

    [Theory]
    [MemberData(nameof(InvalidPoints))]
    public void an_invalid_point_from_the_ot_receiver_aborts_naming_it(int slot, string kind) =>
        BobAbortsNamingAlice(6, "invalid point", message =>
        {
            var point = message.AsSpan(BaseOt.EntryOffset(3) + (slot * Point.EncodedLength), Point.EncodedLength);
            switch (kind)
            {
                case "prefix 05":
                    point[0] = 0x05;
                    break;
                case "prefix 04":
                    point[0] = 0x04;
                    break;
                case "infinity (all zero)":
                    point.Clear();
                    break;
                case "x = p":
                    Secp256k1.FieldPrimeBytes.CopyTo(point[1..]);
                    break;
                default:
                    // x = 5: 5^3 + 7 = 132 is not a square mod p (checked independently below).
                    point[1..].Clear();
                    point[^1] = 5;
                    Assert.False(IndependentSecp256k1.IsOnCurveX(5));
                    break;
            }
        });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void a_point_that_cancels_its_hash_aborts_naming_the_ot_receiver(int slot) =>
        // r_slot = -H(i, r_other) makes Q_slot = r_slot + H(i, r_other) the point at infinity.
        BobAbortsNamingAlice(7, "infinity", message =>
        {
            const int Index = 9;
            var entry = message.AsSpan(BaseOt.EntryOffset(Index), BaseOt.ReceiverEntryLength);
            var other = entry.Slice((1 - slot) * Point.EncodedLength, Point.EncodedLength);
            var domain = BaseOt.HashDomain(BaseOt.StartTranscript(Sid, PairFixture.Alice, PairFixture.Bob));
            (-BaseOt.HashPoint(domain, Index, other)).WriteEncoded(entry[(slot * Point.EncodedLength)..]);
        });

    [Fact]
    public void a_replaced_point_breaks_the_correlation_and_the_next_multiplication_aborts()
    {
        // A valid but different r cannot be detected at setup (endemic OT has no receiver proof); it
        // changes Bob's keys, the KDF prefix and the setup id, so the first multiplication aborts.
        var (alice, bob) = Start(8);
        var toBob = alice.CreateMessage();
        var r = toBob.AsSpan(BaseOt.EntryOffset(5), Point.EncodedLength);
        (Point.Decode(r) + Point.Generator).WriteEncoded(r);
        using var sender = alice.Finish(bob.CreateMessage());
        using var receiver = bob.Finish(toBob);
        AssertNothingMatches(sender, receiver);
        var rng = MpcRandom.Seeded(80);
        Assert.Throws<MpcAbortException>(() => PairFixture.Multiply(sender, receiver, "after-replaced-point"u8.ToArray(),
            Scalar.Random(rng), [Scalar.Random(rng), Scalar.Random(rng)], 81));
    }

    [Fact]
    public void malformed_messages_abort_with_blame_and_never_another_exception()
    {
        var (alice, bob) = Start(9);
        var toBob = alice.CreateMessage();
        var toAlice = bob.CreateMessage();
        foreach (var bad in Malformations(toAlice))
        {
            var (a, b) = Start(9);
            Assert.Equal(PairFixture.Bob, Assert.Throws<MpcAbortException>(() => a.Finish(bad)).Culprit);
            b.Dispose();
        }
        foreach (var bad in Malformations(toBob))
        {
            var (a, b) = Start(9);
            Assert.Equal(PairFixture.Alice, Assert.Throws<MpcAbortException>(() => b.Finish(bad)).Culprit);
            a.Dispose();
        }
        alice.Dispose();
        bob.Dispose();
    }

    [Fact]
    public void a_message_from_another_session_does_not_make_a_working_setup()
    {
        using var alice = new MulSenderSetupExchange("session-two"u8, PairFixture.Alice, PairFixture.Bob, MpcRandom.Seeded(12));
        using var bob = new MulReceiverSetupExchange("session-two"u8, PairFixture.Bob, PairFixture.Alice, MpcRandom.Seeded(1012));
        using var aliceOld = new MulSenderSetupExchange("session-one"u8, PairFixture.Alice, PairFixture.Bob, MpcRandom.Seeded(12));
        using var bobOld = new MulReceiverSetupExchange("session-one"u8, PairFixture.Bob, PairFixture.Alice, MpcRandom.Seeded(1012));
        // Bob's proof of knowledge is bound to session-one: Alice in session-two rejects it.
        Assert.Equal(PairFixture.Bob, Assert.Throws<MpcAbortException>(() => alice.Finish(bobOld.CreateMessage())).Culprit);
        // Alice's session-one points hash under another domain in session-two: Bob's keys match none of hers.
        using var sender = aliceOld.Finish(bobOld.CreateMessage());
        using var receiver = bob.Finish(aliceOld.CreateMessage());
        AssertNothingMatches(sender, receiver);
    }

    [Fact]
    public void an_exchange_finishes_at_most_once()
    {
        var (alice, bob) = Start(10);
        var toBob = alice.CreateMessage();
        var toAlice = bob.CreateMessage();
        alice.Finish(toAlice).Dispose();
        bob.Finish(toBob).Dispose();
        Assert.Throws<ObjectDisposedException>(() => alice.Finish(toAlice));
        Assert.Throws<ObjectDisposedException>(() => bob.Finish(toBob));
    }

    /// <summary>Different setup ids, and no seed of Alice's equals either of Bob's seeds at its index.</summary>
    private static void AssertNothingMatches(MulSenderSetup sender, MulReceiverSetup receiver)
    {
        Assert.NotEqual(sender.SetupId, receiver.SetupId);
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            var got = sender.Seeds.Slice(i * 16, 16).ToArray();
            Assert.NotEqual(receiver.Seeds0.Slice(i * 16, 16).ToArray(), got);
            Assert.NotEqual(receiver.Seeds1.Slice(i * 16, 16).ToArray(), got);
        }
    }

    internal static IEnumerable<byte[]> Malformations(byte[] message)
    {
        yield return [];
        yield return message[..^1];
        yield return [.. message, 0];
        foreach (var version in new byte[] { 0, 1, 3, 0xFF })
        {
            var wrongVersion = (byte[])message.Clone();
            wrongVersion[0] = version;
            yield return wrongVersion;
        }
    }
}
