using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Signing.Messages;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signing;

/// <summary>
/// One test per check of Protocol 3.6 (and of the envelope): party 2 deviates in exactly one value; the honest
/// party 1 aborts naming party 2 and outputs no signature; after a pairwise check fails, party 1's pair with party 2
/// is discarded.
/// </summary>
public sealed class when_a_signer_cheats(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId Honest = PartyId.Create(1);
    private static readonly PartyId Cheater = PartyId.Create(2);
    private static readonly PartyId[] Signers = [Honest, Cheater];

    [Fact]
    public async Task a_decommitted_R_that_differs_from_the_committed_one_is_blamed() =>
        await ExpectAbort(Round2(m => With(m, instanceKey: m.InstanceKey + Point.Generator)), "commitment to R_j");

    [Fact]
    public async Task an_altered_gamma_u_fails_the_first_consistency_check() =>
        await ExpectAbort(Round2(m => With(m, gammaU: m.GammaU + Point.Generator)), "chi_ij*R_j - Gamma^u_ji");

    [Fact]
    public async Task an_altered_gamma_v_fails_the_second_consistency_check() =>
        await ExpectAbort(Round2(m => With(m, gammaV: m.GammaV + Point.Generator)), "chi_ij*pk_j - Gamma^v_ji");

    [Fact]
    public async Task an_altered_pk_j_fails_the_second_consistency_check() =>
        await ExpectAbort(Round2(m => With(m, publicShare: m.PublicShare + Point.Generator)), "chi_ij*pk_j - Gamma^v_ji");

    [Fact]
    public async Task a_tampered_multiplication_response_fails_the_rvole_check()
    {
        var run = await Sign(Tamper.By(Cheater, Round2(m => With(m, response: Tamper.FlipLastByte(m.MultiplicationResponse)))));
        AssertAbortNamingCheater(run, reason: null);
    }

    [Fact]
    public async Task a_consistent_but_wrong_key_share_fails_the_public_key_sum_check()
    {
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, Signers, Hash(), MpcRandom.Seeded(7), wrongShareParty: Cheater);
        AssertAbortNamingCheater(run, "do not sum to the public key");
        Assert.Equal(PairStatus.Discarded, shares.Shares[Honest].PairStatusWith(Cheater));
    }

    [Fact]
    public async Task an_altered_w_makes_the_signature_fail_verification_and_nothing_is_output() =>
        await ExpectAbort(
            Tamper.Payload(3, broadcast: true, p => { var m = SignRound3Broadcast.Parse(p); return new SignRound3Broadcast(m.U, m.W + Scalar.One).ToBytes(); }),
            "does not verify");

    [Fact]
    public async Task an_altered_psi_makes_the_signature_fail_verification() =>
        await ExpectAbort(Round2(m => With(m, psi: m.Psi + Scalar.One)), "does not verify");

    [Fact]
    public async Task an_invalid_curve_point_is_rejected_as_malformed() =>
        await ExpectAbort(
            Tamper.Payload(2, broadcast: false, p => { var copy = p.ToArray(); copy[0] = 0x05; return copy; }),
            "malformed");

    [Fact]
    public async Task a_message_stamped_with_an_earlier_round_is_rejected()
    {
        // Depending on timing the honest party sees it as a second round-1 message or as a stale one: both abort.
        var run = await Sign(Tamper.By(Cheater, Tamper.Envelope(2, e => Tamper.Rebuild(e, round: 1))));
        AssertAbortNamingCheater(run, reason: null);
    }

    [Fact]
    public async Task a_message_of_another_session_is_rejected_without_blame()
    {
        var otherSession = new byte[32];
        var run = await Sign(Tamper.By(Cheater, Tamper.Envelope(1, e => Tamper.Rebuild(e, sessionId: otherSession))));
        Assert.IsType<MpcTransportException>(run.Outcomes[Honest].Error);
        Assert.Null(run.Outcomes[Honest].Output);
    }

    [Fact]
    public async Task after_a_pairwise_abort_that_pair_cannot_sign_but_the_others_still_can()
    {
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, Signers, Hash(), MpcRandom.Seeded(8), Tamper.By(Cheater, Round2(m => With(m, gammaU: m.GammaU + Point.Generator))));
        AssertAbortNamingCheater(run, "Gamma^u");

        // The discard survives serialisation (what the caller persists).
        using var reloaded = KeyShareCodec.Deserialize(KeyShareCodec.Serialize(shares.Shares[Honest]));
        Assert.Equal(PairStatus.Discarded, reloaded.PairStatusWith(Cheater));
        Assert.Throws<InvalidOperationException>(() => ThresholdSigning.Start(shares.Shares[Honest], new byte[32], Signers, Hash(), MpcRandom.Seeded(9), new InMemorySessionLedger()));

        var hash = Hash();
        PartyId[] others = [Honest, PartyId.Create(3)];
        var signature = (await Cluster.SignAsync(shares.Shares, others, hash, MpcRandom.Seeded(10))).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
    }

    [Fact]
    public void fewer_than_t_signers_cannot_start()
    {
        using var shares = new ShareSet(keys.Fresh());
        Assert.Throws<ArgumentException>(() => ThresholdSigning.Start(shares.Shares[Honest], new byte[32], [Honest], Hash(), MpcRandom.Seeded(11), new InMemorySessionLedger()));
    }

    [Fact]
    public void a_message_hash_that_is_not_32_bytes_is_refused()
    {
        using var shares = new ShareSet(keys.Fresh());
        Assert.Throws<ArgumentException>(() => ThresholdSigning.Start(shares.Shares[Honest], new byte[32], Signers, new byte[31], MpcRandom.Seeded(12), new InMemorySessionLedger()));
    }

    private static Func<MpcEnvelope, MpcEnvelope> Round2(Func<SignRound2Direct, SignRound2Direct> change) =>
        Tamper.Payload(2, broadcast: false, p => change(SignRound2Direct.Parse(p)).ToBytes());

    private static SignRound2Direct With(
        SignRound2Direct m,
        Point? instanceKey = null,
        Point? publicShare = null,
        Point? gammaU = null,
        Point? gammaV = null,
        Scalar? psi = null,
        byte[]? response = null) =>
        new(instanceKey ?? m.InstanceKey, m.Salt, publicShare ?? m.PublicShare, gammaU ?? m.GammaU, gammaV ?? m.GammaV, psi ?? m.Psi, response ?? m.MultiplicationResponse, m.Echo);

    private static byte[] Hash()
    {
        var hash = new byte[32];
        MpcRandom.Secure.Fill(hash);
        return hash;
    }

    private async Task ExpectAbort(Func<MpcEnvelope, MpcEnvelope> hook, string reason)
    {
        var run = await Sign(Tamper.By(Cheater, hook));
        AssertAbortNamingCheater(run, reason);
    }

    private async Task<SigningRun> Sign(Action<InProcessNetwork> configure)
    {
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, Signers, Hash(), MpcRandom.Seeded(6), configure);
        return run;
    }

    // The honest party outputs nothing. (A cheater that tampers only with what it sends in round 3 still learns the
    // signature from the honest messages: DKLs23 is not fair, and does not need to be for unforgeability.)
    private static void AssertAbortNamingCheater(SigningRun run, string? reason)
    {
        Assert.Null(run.Outcomes[Honest].Output);
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[Honest].Error);
        Assert.Equal(Cheater, abort.Culprit);
        if (reason is not null)
        {
            Assert.Contains(reason, abort.Reason, StringComparison.Ordinal);
        }
    }
}
