using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Ot;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Ot;

namespace Custody.Mpc.Tests.Multiplication;

public sealed class when_a_multiplication_message_is_tampered_with
{
    private const int TauStart = 1;
    private const int CheckUStart = 1 + RvoleProtocol.TauLength;
    private const int DigestStart = CheckUStart + (2 * Scalar.ByteLength);

    private static MpcAbortException Run(Func<byte[], byte[]>? tamperRequest = null, Func<byte[], byte[]>? tamperResponse = null)
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            var rng = MpcRandom.Seeded(70);
            return Assert.Throws<MpcAbortException>(() => PairFixture.Multiply(sender, receiver, "tamper"u8.ToArray(),
                Scalar.Random(rng), [Scalar.Random(rng), Scalar.Random(rng)], 71, tamperRequest, tamperResponse));
        }
    }

    private static Func<byte[], byte[]> FlipBit(int offset, byte mask = 0x01) => message =>
    {
        var copy = (byte[])message.Clone();
        copy[offset] ^= mask;
        return copy;
    };

    /// <summary>Adds one to the scalar at the offset (keeps it canonical: a well-formed but wrong value).</summary>
    private static Func<byte[], byte[]> AddOne(int offset) => message =>
    {
        var copy = (byte[])message.Clone();
        (Scalar.Create(copy.AsSpan(offset, 32)) + Scalar.One).WriteBytes(copy.AsSpan(offset));
        return copy;
    };

    [Theory]
    [InlineData(1)]
    [InlineData(1 + (64 * OtParameters.ColumnBytes) + 30)]
    [InlineData(KosExtension.MatrixBytes)]
    public void a_changed_bit_of_the_extension_matrix_aborts_naming_the_receiver(int offset) =>
        Assert.Equal(PairFixture.Bob, Run(tamperRequest: FlipBit(offset)).Culprit);

    [Theory]
    [InlineData(1 + KosExtension.MatrixBytes)] // x~
    [InlineData(1 + KosExtension.MatrixBytes + 16)] // t~
    [InlineData(RvoleProtocol.RequestLength - 1)]
    public void a_changed_kos_check_value_aborts_naming_the_receiver(int offset) =>
        Assert.Equal(PairFixture.Bob, Run(tamperRequest: FlipBit(offset, 0x80)).Culprit);

    [Theory]
    [InlineData(0)] // row 0, a_1
    [InlineData(1)] // row 0, a_2
    [InlineData(2)] // row 0, check value a~_1
    [InlineData(4 * 200 + 3)] // row 200, a~_2
    [InlineData(4 * 415 + 1)] // last row, a_2
    public void a_changed_correlation_value_aborts_naming_the_sender(int tauIndex)
    {
        // The challenges are derived from tau, so a change in transit is caught whatever beta_j is.
        var abort = Run(tamperResponse: AddOne(TauStart + (tauIndex * Scalar.ByteLength)));
        Assert.Equal(PairFixture.Alice, abort.Culprit);
    }

    [Theory]
    [InlineData(CheckUStart)]
    [InlineData(CheckUStart + 32)]
    public void a_changed_check_value_u_aborts_naming_the_sender(int offset) =>
        Assert.Equal(PairFixture.Alice, Run(tamperResponse: AddOne(offset)).Culprit);

    [Fact]
    public void a_changed_check_digest_aborts_naming_the_sender() =>
        Assert.Equal(PairFixture.Alice, Run(tamperResponse: FlipBit(DigestStart + 5)).Culprit);

    [Fact]
    public void a_non_canonical_scalar_in_the_response_aborts_naming_the_sender()
    {
        static byte[] Overflow(byte[] message, int offset)
        {
            var copy = (byte[])message.Clone();
            Array.Fill(copy, (byte)0xFF, offset, 32);
            return copy;
        }
        Assert.Equal(PairFixture.Alice, Run(tamperResponse: m => Overflow(m, TauStart + (17 * 32))).Culprit);
        Assert.Equal(PairFixture.Alice, Run(tamperResponse: m => Overflow(m, CheckUStart)).Culprit);
    }

    [Fact]
    public void malformed_requests_abort_naming_the_receiver()
    {
        foreach (var index in Enumerable.Range(0, 4))
        {
            var abort = Run(tamperRequest: m => when_running_the_base_ot.Malformations(m).ElementAt(index));
            Assert.Equal(PairFixture.Bob, abort.Culprit);
        }
    }

    [Fact]
    public void malformed_responses_abort_naming_the_sender()
    {
        foreach (var index in Enumerable.Range(0, 4))
        {
            var abort = Run(tamperResponse: m => when_running_the_base_ot.Malformations(m).ElementAt(index));
            Assert.Equal(PairFixture.Alice, abort.Culprit);
        }
    }
}

public sealed class when_a_malicious_sender_uses_an_inconsistent_correlation
{
    [Theory]
    [InlineData(0, 0)] // a_1 in row 0
    [InlineData(3, 1)] // a_2 in row 3
    [InlineData(100, 2)] // check value a~_1 in row 100
    [InlineData(300, 3)] // check value a~_2 in row 300 (random gadget part)
    [InlineData(415, 0)]
    public void the_check_aborts_exactly_when_the_receivers_bit_for_that_row_is_one(int row, int component)
    {
        var (sender, receiver) = PairFixture.Shared77();
        using (sender)
        using (receiver)
        {
            var outcomes = new HashSet<int>();
            // Several sessions, so both values of the receiver's secret bit occur.
            for (var session = 0; session < 8; session++)
            {
                var rng = MpcRandom.Seeded((ulong)(80 + session));
                var sid = new byte[] { 8, (byte)row, (byte)component, (byte)session };
                using var bob = new RvoleReceiver(receiver, sid, Scalar.Random(rng), rng);
                using var alice = new RvoleSender(sender, sid, MpcRandom.Seeded(90))
                {
                    MaliciousRowCorrelation = (j, alpha) =>
                    {
                        if (j != row)
                        {
                            return alpha;
                        }
                        var changed = (Scalar[])alpha.Clone();
                        changed[component] += Scalar.One;
                        return changed;
                    },
                };
                var (response, _) = alice.Respond(bob.CreateRequest(), [Scalar.Random(rng), Scalar.Random(rng)]);
                var bit = bob.ChoiceBit(row);
                outcomes.Add(bit);
                if (bit == 1)
                {
                    Assert.Equal(PairFixture.Alice, Assert.Throws<MpcAbortException>(() => bob.Finish(response)).Culprit);
                }
                else
                {
                    // beta_j = 0: the receiver never sees tau_j's correlation, so the output is
                    // unaffected and the check passes; the sender learns only this one bit,
                    // which the gadget encoding makes independent of b (DKLs19, Section 5).
                    Assert.Equal(2, bob.Finish(response).Length);
                }
            }
            Assert.Equal(2, outcomes.Count);
        }
    }
}
