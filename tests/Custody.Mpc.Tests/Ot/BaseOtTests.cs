using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Ot;
using Custody.Mpc.Ot.Group;
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
            Assert.Equal(8_193, alice.CreateMessage().Length);
            Assert.Equal(97, bob.CreateMessage().Length);
            Assert.Equal(BaseOt.MessageVersion, alice.CreateMessage()[0]);
        }
    }

    [Fact]
    public void both_slots_of_every_entry_look_alike_whatever_the_choice_bit()
    {
        // The slot that holds the receiver's key (r_b) and the random slot (r_{1-b}) are both uniform
        // group elements: bits of their encodings do not reveal b (a leak here would reveal KOS Delta).
        // (Bit 0 of byte 0 and the top bit of byte 31 are 0 in every canonical ristretto255 encoding.)
        var lowBitOfKeySlot = 0;
        var lowBitOfRandomSlot = 0;
        var middleBitOfKeySlot = 0;
        var middleBitOfRandomSlot = 0;
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
                    var keySlot = entry.Slice(bit * BaseOt.ElementLength, BaseOt.ElementLength);
                    var randomSlot = entry.Slice((1 - bit) * BaseOt.ElementLength, BaseOt.ElementLength);
                    lowBitOfKeySlot += (keySlot[0] >> 1) & 1;
                    lowBitOfRandomSlot += (randomSlot[0] >> 1) & 1;
                    middleBitOfKeySlot += keySlot[15] >> 7;
                    middleBitOfRandomSlot += randomSlot[15] >> 7;
                }
            }
        }
        const int Total = Runs * OtParameters.Kappa; // 512: mean 256, standard deviation about 11
        foreach (var count in new[] { lowBitOfKeySlot, lowBitOfRandomSlot, middleBitOfKeySlot, middleBitOfRandomSlot })
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
        var five = new byte[32];
        five[0] = 5;
        Ristretto255.MulBase(five, message.AsSpan(1, BaseOt.ElementLength));
        var abort = Assert.Throws<MpcAbortException>(() => alice.Finish(message));
        Assert.Equal(PairFixture.Bob, abort.Culprit);
    }

    [Theory]
    [InlineData(0xFF)]
    [InlineData(0x00)]
    public void an_invalid_ot_sender_key_encoding_aborts_naming_the_sender(byte fill)
    {
        // All 0xFF is not canonical; all zero is the identity.
        var (alice, bob) = Start(3);
        var message = bob.CreateMessage();
        message.AsSpan(1, BaseOt.ElementLength).Fill(fill);
        var abort = Assert.Throws<MpcAbortException>(() => alice.Finish(message));
        Assert.Equal(PairFixture.Bob, abort.Culprit);
    }

    public static TheoryData<int, string> InvalidElements() => new()
    {
        { 0, "identity (all zero)" },
        { 1, "identity (all zero)" },
        { 0, "not canonical (all FF)" },
        { 1, "negative (low bit set)" },
    };

    [Theory]
    [MemberData(nameof(InvalidElements))]
    public void an_invalid_element_from_the_ot_receiver_aborts_naming_it(int slot, string kind) =>
        BobAbortsNamingAlice(6, "invalid group element", message =>
        {
            var element = message.AsSpan(BaseOt.EntryOffset(3) + (slot * BaseOt.ElementLength), BaseOt.ElementLength);
            switch (kind)
            {
                case "identity (all zero)":
                    element.Clear();
                    break;
                case "not canonical (all FF)":
                    element.Fill(0xFF);
                    break;
                default:
                    // RFC 9496, 4.3.1: an encoding whose field element is negative (odd) is refused.
                    element[0] |= 1;
                    break;
            }
        });

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void an_element_that_cancels_its_hash_aborts_naming_the_ot_receiver(int slot) =>
        // r_slot = -H(i, r_other) makes Q_slot = r_slot + H(i, r_other) the identity.
        BobAbortsNamingAlice(7, "identity", message =>
        {
            const int Index = 9;
            var entry = message.AsSpan(BaseOt.EntryOffset(Index), BaseOt.ReceiverEntryLength);
            var other = entry.Slice((1 - slot) * BaseOt.ElementLength, BaseOt.ElementLength);
            var domain = BaseOt.HashDomain(BaseOt.StartTranscript(Sid, PairFixture.Alice, PairFixture.Bob));
            var hash = new byte[BaseOt.ElementLength];
            BaseOt.HashPoint(domain, Index, other, hash);
            Assert.True(Ristretto255.TrySubtract(new byte[BaseOt.ElementLength], hash, entry.Slice(slot * BaseOt.ElementLength, BaseOt.ElementLength)));
        });

    [Fact]
    public void a_replaced_point_breaks_the_correlation_and_the_next_multiplication_aborts()
    {
        // A valid but different r cannot be detected at setup (endemic OT has no receiver proof); it
        // changes Bob's keys, the KDF prefix and the setup id, so the first multiplication aborts.
        var (alice, bob) = Start(8);
        var toBob = alice.CreateMessage();
        var r = toBob.AsSpan(BaseOt.EntryOffset(5), BaseOt.ElementLength);
        var one = new byte[32];
        one[0] = 1;
        var generator = new byte[BaseOt.ElementLength];
        Ristretto255.MulBase(one, generator);
        Assert.True(Ristretto255.TryAdd(r.ToArray(), generator, r));
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
    public void a_seeded_exchange_is_reproducible_although_its_ots_run_in_parallel()
    {
        // The 128 OTs run on the thread pool; all randomness is drawn before, in a fixed order.
        var (alice1, bob1) = Start(15);
        var (alice2, bob2) = Start(15);
        using (alice1)
        using (bob1)
        using (alice2)
        using (bob2)
        {
            Assert.Equal(alice1.CreateMessage(), alice2.CreateMessage());
            Assert.Equal(bob1.CreateMessage(), bob2.CreateMessage());
            using var sender1 = alice1.Finish(bob1.CreateMessage());
            using var sender2 = alice2.Finish(bob2.CreateMessage());
            Assert.Equal(sender1.ToBytes(), sender2.ToBytes());
        }
    }

    [Fact]
    public void with_several_bad_entries_the_lowest_index_decides_the_reason()
    {
        // Entry 20 is not canonical, entry 90 cancels its hash: whatever the scheduling, entry 20 is reported.
        BobAbortsNamingAlice(16, "invalid group element", message =>
        {
            message.AsSpan(BaseOt.EntryOffset(20), BaseOt.ElementLength).Fill(0xFF);
            var entry = message.AsSpan(BaseOt.EntryOffset(90), BaseOt.ReceiverEntryLength);
            var domain = BaseOt.HashDomain(BaseOt.StartTranscript(Sid, PairFixture.Alice, PairFixture.Bob));
            var hash = new byte[BaseOt.ElementLength];
            BaseOt.HashPoint(domain, 90, entry.Slice(BaseOt.ElementLength, BaseOt.ElementLength), hash);
            Assert.True(Ristretto255.TrySubtract(new byte[BaseOt.ElementLength], hash, entry[..BaseOt.ElementLength]));
        });
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
        foreach (var version in new byte[] { 0, 1, 2, 0xFF })
        {
            var wrongVersion = (byte[])message.Clone();
            wrongVersion[0] = version;
            yield return wrongVersion;
        }
    }
}
