using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Signing.Messages;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Signing;

/// <summary>
/// Signing as the services run it: shares unsealed per request and disposed, requests redelivered,
/// parties restarted or run as replicas, a coordinator that is not trusted. Party 1 is honest throughout.
/// </summary>
public sealed class when_sessions_cross_processes(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId Honest = PartyId.Create(1);
    private static readonly PartyId Cheater = PartyId.Create(2);
    private static readonly PartyId Third = PartyId.Create(3);
    private static readonly PartyId[] Signers = [Honest, Cheater];
    private static readonly PartyId[] AllThree = [Honest, Cheater, Third];

    [Fact]
    public async Task two_copies_of_a_share_answering_one_label_with_a_replayed_peer_message_get_different_session_ids()
    {
        using var first = new ShareSet(keys.Fresh());
        using var second = new ShareSet(keys.Fresh());
        var label = Cluster.SessionId(MpcRandom.Secure);
        var hash = Hash();

        // The co-signer sends the very same round-0 message to both copies (a replay).
        var peer = ThresholdSigning.Start(first.Shares[Cheater], label, Signers, hash, MpcRandom.Seeded(1), new InMemorySessionLedger());
        await peer.PrepareAsync(CancellationToken.None);
        var replayed = peer.Outgoing.Single();

        async Task<byte[]> AgreedSessionId(KeyShare copy)
        {
            var round = ThresholdSigning.Start(copy, label, Signers, hash, MpcRandom.Secure, new InMemorySessionLedger());
            await round.PrepareAsync(CancellationToken.None);
            round.Receive(replayed);
            var next = Assert.IsType<RoundOutcome<EcdsaSignature>.Next>(round.Finalize()).Round;
            Assert.Equal(label, next.RoutingId.ToArray());
            return next.SessionId.ToArray();
        }

        var a = await AgreedSessionId(first.Shares[Honest]);
        var b = await AgreedSessionId(second.Shares[Honest]);
        Assert.NotEqual(a, b);
        Assert.NotEqual(label, a);
    }

    [Fact]
    public async Task a_party_whose_randomness_repeats_a_session_is_stopped_by_its_ledger_before_it_answers()
    {
        var ledger = new InMemorySessionLedger();
        var label = Cluster.SessionId(MpcRandom.Secure);
        var hash = Hash();

        async Task<(SigningRun Run, List<byte> Sent)> Run()
        {
            using var shares = new ShareSet(keys.Fresh());
            var sent = new List<byte>();
            var run = await Cluster.SignAsync(
                shares.Shares,
                Signers,
                hash,
                MpcRandom.Secure,
                Tamper.By(Honest, e => { lock (sent) { sent.Add(e.Round); } return e; }),
                ledgers: new Dictionary<PartyId, ISessionLedger> { [Honest] = ledger, [Cheater] = new InMemorySessionLedger() },
                sessionLabel: label,
                randoms: new Dictionary<PartyId, MpcRandom> { [Honest] = MpcRandom.Seeded(41), [Cheater] = MpcRandom.Seeded(42) });
            return (run, sent);
        }

        // A restored VM snapshot (or a broken RNG) replays party 1's randomness into a second run of the same request.
        (await Run()).Run.Signature();
        var (again, sentAgain) = await Run();
        var error = Assert.IsType<InvalidOperationException>(again.Outcomes[Honest].Error);
        Assert.Contains("already answered", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain((byte)2, sentAgain);
    }

    [Fact]
    public async Task a_restored_older_copy_of_a_share_cannot_revive_a_discarded_pair()
    {
        var ledger = new InMemorySessionLedger();
        using var shares = new ShareSet(keys.Fresh());
        var sealedBefore = KeyShareCodec.Serialize(shares.Shares[Honest]);
        var run = await Cluster.SignAsync(
            shares.Shares,
            Signers,
            Hash(),
            MpcRandom.Seeded(50),
            Tamper.By(Cheater, Tamper.Payload(2, broadcast: false, p => { var m = SignRound2Direct.Parse(p); return new SignRound2Direct(m.InstanceKey, m.Salt, m.PublicShare, m.GammaU + Point.Generator, m.GammaV, m.Psi, m.MultiplicationResponse, m.Echo).ToBytes(); })),
            ledgers: Ledgers(ledger));
        Assert.Equal(Cheater, Assert.IsType<MpcAbortException>(run.Outcomes[Honest].Error).Culprit);

        using var restored = new ShareSet(keys.Fresh());
        restored.Shares[Honest].Dispose();
        restored.Shares[Honest] = KeyShareCodec.Deserialize(sealedBefore);
        Assert.Equal(PairStatus.Active, restored.Shares[Honest].PairStatusWith(Cheater));
        var again = await Cluster.SignAsync(restored.Shares, Signers, Hash(), MpcRandom.Seeded(51), ledgers: Ledgers(ledger));
        Assert.IsType<InvalidOperationException>(again.Outcomes[Honest].Error);
        Assert.Equal(PairStatus.Discarded, restored.Shares[Honest].PairStatusWith(Cheater));

        // The other pair of the restored share still signs.
        var hash = Hash();
        var signature = (await Cluster.SignAsync(restored.Shares, [Honest, Third], hash, MpcRandom.Seeded(52), ledgers: new Dictionary<PartyId, ISessionLedger> { [Honest] = ledger, [Third] = new InMemorySessionLedger() })).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
    }

    [Fact]
    public async Task an_abort_raised_while_receiving_discards_the_pair_in_the_share_and_in_the_ledger()
    {
        var ledger = new InMemorySessionLedger();
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(
            shares.Shares,
            Signers,
            Hash(),
            MpcRandom.Seeded(53),
            Tamper.By(Cheater, Tamper.Payload(2, broadcast: false, p => { var copy = p.ToArray(); copy[0] = 0x05; return copy; })),
            ledgers: Ledgers(ledger));
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[Honest].Error);
        Assert.Contains("malformed", abort.Reason, StringComparison.Ordinal);
        Assert.Equal(PairStatus.Discarded, shares.Shares[Honest].PairStatusWith(Cheater));
        var record = Assert.Single(await ledger.DiscardedPairsAsync(shares.Shares[Honest].KeyId.ToArray(), Honest, CancellationToken.None));
        Assert.Equal(Cheater, record.Counterpart);
    }

    [Fact]
    public async Task every_message_delivered_twice_and_replayed_a_round_late_still_signs()
    {
        using var shares = new ShareSet(keys.Fresh());
        var hash = Hash();
        var signature = (await Cluster.SignAsync(shares.Shares, AllThree, hash, MpcRandom.Seeded(54), network => network.Redeliver = true)).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
        Assert.All(AllThree.Skip(1), p => Assert.Equal(PairStatus.Active, shares.Shares[Honest].PairStatusWith(p)));
    }

    [Fact]
    public async Task a_coordinator_that_gives_the_parties_different_hashes_causes_an_abort_that_blames_nobody_and_burns_no_pair()
    {
        using var shares = new ShareSet(keys.Fresh());
        var hash = Hash();
        var other = Hash();
        var run = await Cluster.SignAsync(shares.Shares, AllThree, hash, MpcRandom.Seeded(55), messageHashOf: p => p == Third ? other : hash);
        foreach (var party in AllThree)
        {
            var abort = Assert.IsType<MpcAbortException>(run.Outcomes[party].Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Empty(abort.Suspects);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
            Assert.All(AllThree.Where(p => p != party), p => Assert.Equal(PairStatus.Active, shares.Shares[party].PairStatusWith(p)));
        }
    }

    [Fact]
    public async Task a_commitment_shown_differently_to_one_party_is_caught_by_the_echo_and_no_honest_party_is_blamed()
    {
        using var shares = new ShareSet(keys.Fresh());
        var network = Equivocate(round: 1, towards: Honest);
        var run = await Cluster.SignAsync(shares.Shares, AllThree, Hash(), MpcRandom.Seeded(56), network);
        AssertEquivocatorCaught(run, "round 1 commitments");
    }

    [Fact]
    public async Task a_session_contribution_shown_differently_to_one_party_is_caught_before_any_multiplication()
    {
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(shares.Shares, AllThree, Hash(), MpcRandom.Seeded(57), Equivocate(round: 0, towards: Honest));
        AssertEquivocatorCaught(run, "round 0 contributions");

        // Party 2 could not name anyone, so it burnt no pair.
        Assert.Equal(PairStatus.Active, shares.Shares[Cheater].PairStatusWith(Honest));
        Assert.Equal(PairStatus.Active, shares.Shares[Cheater].PairStatusWith(Third));
    }

    [Fact]
    public async Task a_request_digest_that_differs_is_caught_by_the_agreement_even_with_a_consistent_hash()
    {
        // The label is part of the request: parties given different labels never share a session at all.
        using var shares = new ShareSet(keys.Fresh());
        var run = await Cluster.SignAsync(
            shares.Shares,
            Signers,
            Hash(),
            MpcRandom.Seeded(58),
            Tamper.By(Cheater, Tamper.Payload(0, broadcast: true, p => { var m = AgreementBroadcast.Parse(p); return new AgreementBroadcast(m.Contribution, Tamper.FlipLastByte(m.RequestDigest)).ToBytes(); })));
        var abort = Assert.IsType<MpcAbortException>(run.Outcomes[Honest].Error);
        Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        Assert.Equal(PairStatus.Active, shares.Shares[Honest].PairStatusWith(Cheater));
    }

    // Party 3 flips the first byte of its round-`round` broadcast (the contribution in round 0, the commitment in
    // round 1) towards `towards` only.
    private static Action<InProcessNetwork> Equivocate(byte round, PartyId towards) => network =>
    {
        network.TamperingParty = Third;
        network.TamperTo = (e, recipient) => e.Round == round && e.IsBroadcast && recipient == towards
            ? Tamper.Rebuild(e, payload: Tamper.FlipFirstByte(e.Payload.ToArray()))
            : e;
    };

    // Party 1 saw the changed broadcast and party 3's own echo of the original: it names party 3. Party 2 only sees
    // that party 1's view of party 3 differs from its own: it names no single culprit (3 or 1) and blames nobody.
    private static void AssertEquivocatorCaught(SigningRun run, string what)
    {
        var atHonest = Assert.IsType<MpcAbortException>(run.Outcomes[Honest].Error);
        Assert.Equal(Third, atHonest.Culprit);
        Assert.Contains(what, atHonest.Reason, StringComparison.Ordinal);
        var atOther = Assert.IsType<MpcAbortException>(run.Outcomes[Cheater].Error);
        Assert.False(atOther.Culprit.IsValid);
        Assert.Contains(Third, atOther.Suspects);
        Assert.All(run.Outcomes.Values, o => Assert.Null(o.Output));
    }

    private static Dictionary<PartyId, ISessionLedger> Ledgers(ISessionLedger honest) =>
        new() { [Honest] = honest, [Cheater] = new InMemorySessionLedger() };

    private static byte[] Hash()
    {
        var hash = new byte[32];
        MpcRandom.Secure.Fill(hash);
        return hash;
    }
}
