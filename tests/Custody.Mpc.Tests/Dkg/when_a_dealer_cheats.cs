using Custody.Mpc.Curve;
using Custody.Mpc.Dkg;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Proofs;
using Custody.Mpc.Protocol;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Dkg;

/// <summary>One test per DKG check: party 2 deviates in exactly one value; the honest parties abort naming it and output no key share.</summary>
public sealed class when_a_dealer_cheats
{
    private static readonly PartyId Cheater = PartyId.Create(2);

    [Fact]
    public async Task feldman_commitments_that_do_not_open_the_round_one_commitment_are_blamed() =>
        await ExpectAbort(3, Round2Broadcast(m => new DkgRound2Broadcast(m.CoefficientCommitments, Tamper.FlipLastByte(m.ChainCodeContribution), m.Salt, m.Proof)), "do not open");

    [Fact]
    public async Task a_schnorr_proof_that_does_not_verify_is_blamed() =>
        await ExpectAbort(2, Round2Broadcast(m => new DkgRound2Broadcast(m.CoefficientCommitments, m.ChainCodeContribution, m.Salt, ForgedProof(m.Proof!.Value))), "Schnorr proof");

    [Fact]
    public async Task a_shamir_share_off_the_committed_polynomial_is_blamed() =>
        await ExpectAbort(2, Tamper.Payload(2, broadcast: false, p =>
        {
            using var m = DkgRound2Direct.Parse(p);
            using var changed = new DkgRound2Direct(m.Share + Scalar.One, m.SeedContribution, m.SeedSalt);
            return changed.ToBytes();
        }), "Feldman check");

    [Fact]
    public async Task a_zero_sharing_seed_that_does_not_open_its_commitment_is_blamed() =>
        await ExpectAbort(2, Tamper.Payload(2, broadcast: false, p =>
        {
            using var m = DkgRound2Direct.Parse(p);
            using var changed = new DkgRound2Direct(m.Share, Tamper.FlipLastByte(m.SeedContribution), m.SeedSalt);
            return changed.ToBytes();
        }), "zero-sharing seed");

    [Fact]
    public async Task a_differing_confirmation_is_blamed() =>
        await ExpectAbort(2, Tamper.Payload(3, broadcast: true, Tamper.FlipLastByte), "confirmation differs");

    [Fact]
    public async Task a_tampered_base_ot_message_is_blamed() =>
        await ExpectAbort(2, Tamper.Payload(1, broadcast: false, p =>
        {
            var m = DkgRound1Direct.Parse(p);
            var ot = m.BaseOt.ToArray();
            // The first byte of r_0 in entry 40 of the cheater's OT-receiver flow (after its u32 length and
            // version byte) gets its low bit set: a negative field element, never a canonical ristretto255
            // encoding (RFC 9496, 4.3.1). (A valid substituted element is not detectable at setup: endemic
            // OT; it breaks the pair's first multiplication instead.)
            ot[4 + 1 + (40 * 64)] |= 0x01;
            return new DkgRound1Direct(m.SeedCommitment, ot).ToBytes();
        }), "invalid group element");

    [Fact]
    public async Task a_party_whose_echo_misstates_its_own_broadcasts_is_blamed_for_equivocating() =>
        await ExpectAbort(3, Tamper.Payload(3, broadcast: true, p => FlipEchoSlot(p, Cheater)), "equivocation");

    [Fact]
    public async Task a_party_that_misreports_another_dealer_is_blamed_by_that_dealer_and_the_dealer_is_not_blamed_by_anyone()
    {
        var outcomes = await Run(3, Tamper.Payload(3, broadcast: true, p => FlipEchoSlot(p, PartyId.Create(3))));
        var atDealer = Assert.IsType<MpcAbortException>(outcomes[PartyId.Create(3)].Error);
        Assert.Equal(Cheater, atDealer.Culprit);
        Assert.Contains("misreports this party's broadcast", atDealer.Reason, StringComparison.Ordinal);

        // Party 1 cannot tell whether dealer 3 equivocated or party 2 lies: it names both as suspects, blames neither.
        var atOther = Assert.IsType<MpcAbortException>(outcomes[PartyId.Create(1)].Error);
        Assert.False(atOther.Culprit.IsValid);
        Assert.Equal([PartyId.Create(3), Cheater], atOther.Suspects);
        Assert.Null(outcomes[PartyId.Create(1)].Output);
        Assert.Null(outcomes[PartyId.Create(3)].Output);
        outcomes[Cheater].Output?.Dispose();
    }

    [Fact]
    public async Task more_feldman_commitments_than_the_threshold_are_rejected_as_malformed() =>
        await ExpectAbort(2, Round2Broadcast(m => new DkgRound2Broadcast([.. m.CoefficientCommitments, Point.Generator], m.ChainCodeContribution, m.Salt, m.Proof)), "malformed");

    [Fact]
    public void duplicate_party_ids_are_refused() =>
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Start(new byte[32], PartyId.Create(1), [PartyId.Create(1), PartyId.Create(2), PartyId.Create(2)], 2, MpcRandom.Seeded(1)));

    [Fact]
    public void party_id_zero_is_refused()
    {
        Assert.False(PartyId.TryCreate(0, out _));
        Assert.Throws<ArgumentException>(() => DistributedKeyGeneration.Start(new byte[32], PartyId.Create(1), [PartyId.Create(1), default], 2, MpcRandom.Seeded(1)));
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(4, 3)]
    public void a_threshold_outside_two_to_n_is_refused(int t, int n) =>
        Assert.ThrowsAny<ArgumentException>(() => DistributedKeyGeneration.Start(new byte[32], PartyId.Create(1), Cluster.Ids(n), t, MpcRandom.Seeded(1)));

    private static Func<MpcEnvelope, MpcEnvelope> Round2Broadcast(Func<DkgRound2Broadcast, DkgRound2Broadcast> change) =>
        Tamper.Payload(2, broadcast: true, p => change(DkgRound2Broadcast.Parse(p, threshold: 2)).ToBytes());

    // A proof whose response is off by one: what a party without the discrete log of C_0 could send.
    private static SchnorrProof ForgedProof(SchnorrProof proof)
    {
        using var writer = new Custody.Mpc.Wire.WireWriter();
        proof.WriteTo(writer);
        var bytes = writer.ToArray();
        var response = Scalar.Create(bytes.AsSpan(Point.EncodedLength)) + Scalar.One;
        response.WriteBytes(bytes.AsSpan(Point.EncodedLength));
        return SchnorrProof.ReadFrom(new Custody.Mpc.Wire.WireReader(bytes));
    }

    // The round-3 payload is u32 length | one 32-byte digest per party | confirmation: flip the digest of `party`.
    private static byte[] FlipEchoSlot(byte[] payload, PartyId party)
    {
        // The first digest byte of the party's entry in the round-1 block of the echo (96-byte entries, parties ascending).
        var copy = payload.ToArray();
        copy[4 + ((party.Value - 1) * BroadcastEcho.EntryLength)] ^= 0x01;
        return copy;
    }

    private static async Task<IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>>> Run(int n, Func<MpcEnvelope, MpcEnvelope> hook)
    {
        var ids = Cluster.Ids(n);
        var random = MpcRandom.Seeded(0xd6);
        var sessionId = Cluster.SessionId(random);
        var randoms = Cluster.PerParty(ids, random);
        var network = new InProcessNetwork(ids);
        Tamper.By(Cheater, hook)(network);
        return await network.RunAsync(ids, (p, transport, ct) =>
            DistributedKeyGeneration.RunAsync(sessionId, p, ids, 2, randoms[p], transport, ct));
    }

    private static async Task ExpectAbort(int n, Func<MpcEnvelope, MpcEnvelope> hook, string? reason)
    {
        var ids = Cluster.Ids(n);
        var outcomes = await Run(n, hook);
        foreach (var honest in ids.Where(p => p != Cheater))
        {
            Assert.Null(outcomes[honest].Output);
            var abort = Assert.IsType<MpcAbortException>(outcomes[honest].Error);
            Assert.Equal(Cheater, abort.Culprit);
            if (reason is not null)
            {
                Assert.Contains(reason, abort.Reason, StringComparison.Ordinal);
            }
        }

        foreach (var outcome in outcomes.Values)
        {
            outcome.Output?.Dispose();
        }
    }
}
