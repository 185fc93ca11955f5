using System.Security.Cryptography;
using Custody.Mpc.Curve;
using Custody.Mpc.Multiplication;
using Custody.Mpc.Ot;

namespace Custody.Mpc.Tests.Multiplication;

/// <summary>
/// Pins the bytes of one multiplication so that optimisations cannot change the protocol: the
/// digest below was recorded with the straightforward implementation (commit efd05dd, before the
/// performance work) from setups built directly (no base OT, so a change there does not move it).
/// </summary>
public sealed class when_a_multiplication_runs_from_fixed_inputs
{
    private const string RecordedDigest = "cda84ed624cf1f454d8dc4e060bee4437c7edd006a61db07252aa9174aec5788";

    /// <summary>A consistent pair of setups from a seed: the sender's seeds are k_{Delta_i}.</summary>
    internal static (MulSenderSetup Sender, MulReceiverSetup Receiver) SyntheticSetups(ulong seed)
    {
        var rng = MpcRandom.Seeded(seed);
        var setupId = new byte[32];
        var delta = new byte[OtParameters.KappaBytes];
        var seeds0 = new byte[OtParameters.Kappa * OtParameters.KappaBytes];
        var seeds1 = new byte[seeds0.Length];
        rng.Fill(setupId);
        rng.Fill(delta);
        rng.Fill(seeds0);
        rng.Fill(seeds1);
        var chosen = new byte[seeds0.Length];
        for (var i = 0; i < OtParameters.Kappa; i++)
        {
            var source = BitMatrix.GetBit(delta, i) == 1 ? seeds1 : seeds0;
            source.AsSpan(i * OtParameters.KappaBytes, OtParameters.KappaBytes).CopyTo(chosen.AsSpan(i * OtParameters.KappaBytes));
        }
        byte[] senderBytes = [MulSenderSetup.FormatVersion, 0x53, 0, 1, 0, 2, .. setupId, .. delta, .. chosen];
        byte[] receiverBytes = [MulReceiverSetup.FormatVersion, 0x52, 0, 2, 0, 1, .. setupId, .. seeds0, .. seeds1];
        return (MulSenderSetup.ReadFrom(senderBytes), MulReceiverSetup.ReadFrom(receiverBytes));
    }

    [Fact]
    public void its_messages_and_shares_match_the_recorded_digest()
    {
        var (sender, receiver) = SyntheticSetups(2024);
        using (sender)
        using (receiver)
        {
            var rng = MpcRandom.Seeded(7);
            Scalar[] a = [Scalar.Random(rng), Scalar.Random(rng)];
            var b = Scalar.Random(rng);
            using var bob = new RvoleReceiver(receiver, "known-answer"u8, b, MpcRandom.Seeded(8));
            using var alice = new RvoleSender(sender, "known-answer"u8, MpcRandom.Seeded(9));
            var request = bob.CreateRequest();
            var (response, senderShares) = alice.Respond(request, a);
            var receiverShares = bob.Finish(response);
            Assert.Equal(a[0] * b, senderShares[0] + receiverShares[0]);
            Assert.Equal(a[1] * b, senderShares[1] + receiverShares[1]);

            using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            digest.AppendData(request);
            digest.AppendData(response);
            foreach (var share in senderShares.Concat(receiverShares))
            {
                digest.AppendData(share.ToBytes());
            }
            Assert.Equal(RecordedDigest, Convert.ToHexStringLower(digest.GetHashAndReset()));
        }
    }
}
