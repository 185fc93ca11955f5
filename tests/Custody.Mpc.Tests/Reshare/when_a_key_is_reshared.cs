using Custody.Mpc.Curve;
using Custody.Mpc.Derivation;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Reshare;
using Custody.Mpc.Sharing;
using Custody.Mpc.Signing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Reshare;

/// <summary>
/// Resharing a 2-of-3 key: replacing a party, growing to 3-of-5; the same public key, address and xpub; every check
/// with a negative test naming its culprit; a party that leaves holds nothing the new set signs with.
/// </summary>
public sealed class when_a_key_is_reshared(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId P1 = PartyId.Create(1);
    private static readonly PartyId P2 = PartyId.Create(2);
    private static readonly PartyId P3 = PartyId.Create(3);
    private static readonly PartyId P4 = PartyId.Create(4);

    /// <summary>Party 2 (cosigner-b) is replaced by party 4 (cosigner-c); the quorum is 1 and 2, so party 2 deals and leaves.</summary>
    private static ResharePlan ReplaceTwoByFour(KeyShare any) => new(any.PublicView(), [P1, P2], [P1, P3, P4], 2);

    [Fact]
    public async Task a_replaced_party_leaves_and_the_new_set_signs_under_the_same_key_address_and_xpub()
    {
        using var old = new ShareSet(keys.Fresh());
        var plan = ReplaceTwoByFour(old.Shares[P1]);
        var outcomes = await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5e1), network => network.Redeliver = true);
        using var reshared = new ShareSet(Cluster.NewShares(outcomes));

        Assert.True(outcomes[P2].Output!.Leaves);
        Assert.Equal([P1, P3, P4], reshared.Shares.Keys.Order());
        var xpub = ExtendedPublicKey.ForKey(old.Shares[P1], ExtendedKeyNetwork.Mainnet).ToString();
        foreach (var share in reshared.Shares.Values)
        {
            Assert.Equal(keys.PublicKey, share.PublicKey);
            Assert.True(share.KeyId.SequenceEqual(old.Shares[P1].KeyId));
            Assert.Equal(1u, share.Epoch);
            Assert.Equal(2, share.Threshold);
            Assert.Equal([P1, P3, P4], share.Parties);
            Assert.Equal(xpub, ExtendedPublicKey.ForKey(share, ExtendedKeyNetwork.Mainnet).ToString());
            Assert.All(share.Parties.Where(p => p != share.Self), p => Assert.Equal(1u, share.PairOtEpoch(p)));
        }

        // The staying parties' shares changed (a fresh sharing, not the old one carried over).
        Assert.NotEqual(old.Shares[P1].SecretShare, reshared.Shares[P1].SecretShare);
        Assert.NotEqual(old.Shares[P3].SecretShare, reshared.Shares[P3].SecretShare);

        var random = MpcRandom.Seeded(0x5e2);
        PartyId[][] subsets = [[P1, P3], [P1, P4], [P3, P4], [P1, P3, P4]];
        var signed = new List<(byte[] Hash, EcdsaSignature Signature)>();
        foreach (var signers in subsets)
        {
            var hash = Cluster.MessageHash();
            var signature = (await Cluster.SignAsync(reshared.Shares, signers, hash, random)).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
            signed.Add((hash, signature));
        }

        // The wallet's address is unchanged: ethers recovers it from every signature of the new set.
        Assert.All(await Verify.RecoverWithEthersAsync(signed), a => Assert.Equal(Verify.Address(keys.PublicKey), a));

        // Serialised and read back (what a share store holds), the new share keeps its party set and epoch.
        using var reread = KeyShareCodec.Deserialize(KeyShareCodec.Serialize(reshared.Shares[P4]));
        Assert.Equal(1u, reread.Epoch);
        Assert.Equal([P1, P3, P4], reread.Parties);
    }

    [Fact]
    public async Task a_two_of_three_key_grown_to_three_of_five_signs_with_any_three_and_not_with_two()
    {
        using var old = new ShareSet(keys.Fresh());
        var five = Cluster.Ids(5);
        var plan = new ResharePlan(old.Shares[P1].PublicView(), [P2, P3], five, 3);
        using var reshared = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5e3))));
        Assert.All(reshared.Shares.Values, s => Assert.Equal((3, 5, 1u), (s.Threshold, s.Parties.Count, s.Epoch)));

        var random = MpcRandom.Seeded(0x5e4);
        var triples = five.SelectMany((a, i) => five.Skip(i + 1).SelectMany((b, j) => five.Skip(i + j + 2).Select(c => new[] { a, b, c })));
        foreach (var signers in triples)
        {
            var hash = Cluster.MessageHash();
            var signature = (await Cluster.SignAsync(reshared.Shares, signers, hash, random)).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature), string.Join(",", signers.Select(s => s.Value)));
        }

        // Two of the new shares are below the threshold: their interpolation is not the key (and signing refuses them).
        PartyId[] two = [five[0], five[4]];
        Assert.NotEqual(keys.PublicKey, Point.MulBase(Interpolate(two, reshared.Shares[two[0]], reshared.Shares[two[1]])));
        Assert.ThrowsAny<ArgumentException>(() => ThresholdSigning.Start(reshared.Shares[two[0]], Cluster.SessionId(random), two, Cluster.MessageHash(), random, new InMemorySessionLedger()));
    }

    [Fact]
    public async Task signing_under_a_derived_key_works_after_resharing()
    {
        using var old = new ShareSet(keys.Fresh());
        using var reshared = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5e5))));
        var path = DerivationPath.Parse("m/44/60/0/0/7");
        var child = ExtendedPublicKey.ForKey(old.Shares[P1], ExtendedKeyNetwork.Mainnet).Derive(path).Child.PublicKey;
        PartyId[] signers = [P3, P4];
        var derived = signers.ToDictionary(p => p, p => DerivedSigningKey.ForPath(reshared.Shares[p], path));
        try
        {
            var hash = Cluster.MessageHash();
            var signature = (await Cluster.SignAsync(derived, signers, hash, MpcRandom.Seeded(0x5e6))).Signature();
            Assert.True(Verify.WithDotNet(child, hash, signature));
            Assert.False(Verify.WithDotNet(keys.PublicKey, hash, signature));
        }
        finally
        {
            foreach (var share in derived.Values)
            {
                share.Dispose();
            }
        }
    }

    [Fact]
    public async Task the_party_that_left_cannot_sign_with_the_new_parties_nor_can_old_and_new_shares_be_mixed()
    {
        using var old = new ShareSet(keys.Fresh());
        using var reshared = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5e7))));

        // The leaving party 2 with its old share and new party 4: neither share knows the other party as one of its key.
        var leaverRun = await Cluster.SignAsync(new Dictionary<PartyId, KeyShare> { [P2] = old.Shares[P2], [P4] = reshared.Shares[P4] }, [P2, P4], Cluster.MessageHash(), MpcRandom.Seeded(0x5e8));
        Assert.All(leaverRun.Outcomes.Values, o => Assert.Contains("every signer must be a party of the key", Assert.IsType<ArgumentException>(o.Error).Message, StringComparison.Ordinal));

        // A staying party's old share with another's new share: the epochs differ, so round 0 aborts blaming nobody,
        // before anything secret-dependent is sent.
        var mixed = await Cluster.SignAsync(new Dictionary<PartyId, KeyShare> { [P1] = old.Shares[P1], [P3] = reshared.Shares[P3] }, [P1, P3], Cluster.MessageHash(), MpcRandom.Seeded(0x5e9));
        foreach (var outcome in mixed.Outcomes.Values)
        {
            var abort = Assert.IsType<MpcAbortException>(outcome.Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        }

        // What the leaving party could compute with a new party's share: not the key. Two new shares give it.
        PartyId[] pair = [P2, P4];
        Assert.NotEqual(keys.PublicKey, Point.MulBase(Interpolate(pair, old.Shares[P2], reshared.Shares[P4])));
        PartyId[] newPair = [P1, P4];
        Assert.Equal(keys.PublicKey, Point.MulBase(Interpolate(newPair, reshared.Shares[P1], reshared.Shares[P4])));
    }

    [Fact]
    public async Task a_dealer_that_deals_another_constant_than_its_weighted_share_is_named_by_every_new_party()
    {
        // Dealer 2 shifts every share it deals by one: a consistent sharing of lambda_2*x_2 + 1, which would move the key.
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5e9), Tamper.By(P2, Tamper.Payload(2, broadcast: false, p => ShiftedShare(p, withSeed: false))));
        AssertNamed(outcomes, [P1, P3, P4], P2, "reshare: Shamir share fails the Feldman check against C_0 = lambda_i*X_i");
    }

    [Fact]
    public async Task a_new_party_that_deals_a_non_zero_constant_is_named()
    {
        // Party 4 holds no old share: its dealing must be a sharing of zero.
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5ea), Tamper.By(P4, Tamper.Payload(2, broadcast: false, p => ShiftedShare(p, withSeed: true))));
        AssertNamed(outcomes, [P1, P3], P4, "against C_0 = identity");
    }

    [Fact]
    public async Task a_bad_share_to_one_new_party_is_named_by_it_and_nobody_ends_with_a_new_share()
    {
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5eb), Tamper.By(P1, envelope =>
            envelope.Round == 2 && envelope.To == P4
                ? Tamper.Rebuild(envelope, payload: ShiftedShare(envelope.Payload.ToArray(), withSeed: true))
                : envelope));
        AssertNamed(outcomes, [P4], P1, "Feldman check");
        Assert.All(outcomes.Values, o => Assert.Null(o.Output));
    }

    [Fact]
    public async Task a_dealer_sending_a_share_to_the_party_that_leaves_is_refused()
    {
        // The leaving party expects no direct message in round 2: one sent to it anyway is the sender's deviation.
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5ec), network =>
        {
            network.TamperingParty = P1;
            network.Tamper = envelope => envelope.Round == 2 && envelope.To == P3 ? Tamper.Rebuild(envelope, to: P2) : envelope;
        });
        // Party 2 refuses it as unexpected while still in round 2, or as late once its round-2 broadcasts are all in
        // and it has moved on (delivery order decides which): either way party 1 is named for it.
        var abort = Assert.IsType<MpcAbortException>(outcomes[P2].Error);
        Assert.Equal(P1, abort.Culprit);
        Assert.Matches("^(unexpected direct message in round 2|message for round 2 received in round 3) of Reshare$", abort.Reason);
    }

    [Fact]
    public async Task a_new_party_given_another_plan_than_the_dealers_refuses_in_round_zero_blaming_nobody()
    {
        // The coordinator tells party 4 the new threshold is 3: nobody can be blamed, nothing secret was sent.
        using var old = new ShareSet(keys.Fresh());
        var plan = ReplaceTwoByFour(old.Shares[P1]);
        var other = new ResharePlan(plan.OldKey, plan.Quorum, plan.NewParties, 3);
        var outcomes = await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5ed), planOf: p => p == P4 ? other : plan);
        Assert.All(outcomes.Values, o =>
        {
            var abort = Assert.IsType<MpcAbortException>(o.Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task with_signed_messages_a_relay_that_alters_a_share_is_refused_and_blames_nobody()
    {
        using var old = new ShareSet(keys.Fresh());
        var plan = ReplaceTwoByFour(old.Shares[P1]);
        using var identities = new SignedParties(plan.Participants);
        using var reshared = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5f3), identities: identities)));
        Assert.Equal(3, reshared.Shares.Count);

        // The relay (holding no party key) changes dealer 2's share for party 4: the signature no longer verifies.
        var outcomes = await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5f4), identities: identities, configure: network =>
            network.Relay = (envelope, to) => envelope.From == P2 && envelope.Round == 2 && !envelope.IsBroadcast && to == P4
                ? [new MpcEnvelope(envelope.SessionId, envelope.SessionBinding, envelope.Protocol, envelope.Round, envelope.From, envelope.To, ShiftedShare(envelope.Payload.ToArray(), withSeed: false), envelope.Signature)]
                : [envelope]);
        Assert.True(outcomes[P4].Error is MpcTransportException, string.Join("\n", outcomes.Select(o => $"{o.Key}: {o.Value.Error}")));
        Assert.All(outcomes.Values, o => Assert.False(o.Error is MpcAbortException { Culprit.IsValid: true }));
    }

    [Fact]
    public async Task a_plan_or_share_that_does_not_fit_is_refused_before_anything_is_sent()
    {
        using var old = new ShareSet(keys.Fresh());
        var view = old.Shares[P1].PublicView();
        var random = MpcRandom.Seeded(0x5ee);
        var label = Cluster.SessionId(random);
        Assert.Throws<ArgumentException>(() => new ResharePlan(view, [P1], [P1, P3, P4], 2));
        Assert.Throws<ArgumentException>(() => new ResharePlan(view, [P1, P4], [P1, P3, P4], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ResharePlan(view, [P1, P2], [P1, P3, P4], 4));
        var plan = ReplaceTwoByFour(old.Shares[P1]);

        // A dealer without its share; a share of another party; a party outside the plan; an older epoch's share.
        Assert.Throws<ArgumentException>(() => KeyResharing.Start(plan, P2, null, label, random));
        Assert.Throws<ArgumentException>(() => KeyResharing.Start(plan, P2, old.Shares[P1], label, random));
        Assert.Throws<ArgumentException>(() => KeyResharing.Start(plan, PartyId.Create(9), null, label, random));
        using var reshared = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(plan, old.Shares, random)));
        var nextPlan = new ResharePlan(reshared.Shares[P1].PublicView(), [P1, P3], [P1, P3, P4], 2);
        Assert.Throws<ArgumentException>(() => KeyResharing.Start(nextPlan, P1, old.Shares[P1], label, random));
        using var derived = reshared.Shares[P1].WithTweak(Scalar.One);
        Assert.Throws<ArgumentException>(() => KeyResharing.Start(nextPlan, P1, derived, label, random));
    }

    [Fact]
    public async Task a_reshared_key_can_be_reshared_again_and_refreshed()
    {
        using var old = new ShareSet(keys.Fresh());
        using var once = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(ReplaceTwoByFour(old.Shares[P1]), old.Shares, MpcRandom.Seeded(0x5ef))));
        var back = new ResharePlan(once.Shares[P1].PublicView(), [P3, P4], [P1, P2, P3], 2);
        using var twice = new ShareSet(Cluster.NewShares(await Cluster.ReshareAsync(back, once.Shares, MpcRandom.Seeded(0x5f0))));
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(twice.Shares, MpcRandom.Seeded(0x5f1))));
        Assert.All(refreshed.Shares.Values, s => Assert.Equal(3u, s.Epoch));
        var hash = Cluster.MessageHash();
        var signature = (await Cluster.SignAsync(refreshed.Shares, [P1, P2], hash, MpcRandom.Seeded(0x5f2))).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));

        // Party 2 came back: its pair state is of the new epoch, above any discard record of its earlier membership.
        Assert.Equal(3u, refreshed.Shares[P2].PairOtEpoch(P1));
    }

    private static void AssertNamed(IReadOnlyDictionary<PartyId, PartyOutcome<ReshareOutcome>> outcomes, PartyId[] by, PartyId culprit, string reason)
    {
        foreach (var party in by)
        {
            var abort = Assert.IsType<MpcAbortException>(outcomes[party].Error);
            Assert.Equal(culprit, abort.Culprit);
            Assert.Contains(reason, abort.Reason, StringComparison.Ordinal);
        }
    }

    /// <summary>A round-2 share message with the share shifted by one (seed opening kept as sent).</summary>
    private static byte[] ShiftedShare(byte[] payload, bool withSeed)
    {
        using var m = DkgRound2Direct.Parse(payload, withSeed);
        using var shifted = new DkgRound2Direct(m.Share + Scalar.One, m.SeedContribution, m.SeedSalt);
        return shifted.ToBytes();
    }

    private static Scalar Interpolate(PartyId[] set, KeyShare first, KeyShare second) =>
        (Lagrange.CoefficientAtZero(set[0], set) * first.SecretShare) + (Lagrange.CoefficientAtZero(set[1], set) * second.SecretShare);
}

/// <summary>
/// A participant that crashes at any round of a resharing (its messages from that round on never arrive): no
/// participant ends with a new share, nothing of the old key changed, and the old shares still sign. The switch
/// to the new shares is the rotation's business (docs/mpc.md "Resharing": old shares are deleted only after every
/// new party has stored its new one).
/// </summary>
public sealed class when_a_resharing_is_interrupted(SharedKeys keys) : IClassFixture<SharedKeys>
{
    public static TheoryData<int, byte> CrashPoints() => new()
    {
        { 2, 0 }, { 2, 1 }, { 2, 2 }, { 2, 3 },
        { 4, 0 }, { 4, 1 }, { 4, 2 }, { 4, 3 },
    };

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task at_any_round_nobody_holds_a_new_share_and_the_old_shares_still_sign(int crashing, byte fromRound)
    {
        using var old = new ShareSet(keys.Fresh());
        var plan = new ResharePlan(old.Shares[PartyId.Create(1)].PublicView(), [PartyId.Create(1), PartyId.Create(2)], [PartyId.Create(1), PartyId.Create(3), PartyId.Create(4)], 2);
        var crashed = PartyId.Create((ushort)crashing);
        var outcomes = await Cluster.ReshareAsync(plan, old.Shares, MpcRandom.Seeded(0x5c0 + (ulong)(crashing * 8) + fromRound), network =>
            network.Relay = (envelope, _) => envelope.From == crashed && envelope.Round >= fromRound ? [] : [envelope]);
        // The crashed party's own run is gone with its process; every other participant ends without an output.
        Assert.All(outcomes.Where(o => o.Key != crashed), o => Assert.Null(o.Value.Output));

        foreach (var signers in new[] { new[] { PartyId.Create(1), PartyId.Create(2) }, [PartyId.Create(2), PartyId.Create(3)] })
        {
            var hash = Cluster.MessageHash();
            var signature = (await Cluster.SignAsync(old.Shares, signers, hash, MpcRandom.Seeded(0x5d0))).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
        }
    }
}
