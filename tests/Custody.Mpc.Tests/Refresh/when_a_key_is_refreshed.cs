using Custody.Mpc.Curve;
using Custody.Mpc.Dkg.Messages;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Sharing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Refresh;

/// <summary>
/// Key refresh: same public key, key id and chain code; a new epoch; new shares and fresh OT for every pair; new
/// shares sign, old and new never combine; every refresh check with a negative test naming its culprit.
/// </summary>
public sealed class when_a_key_is_refreshed(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId[] AllThree = Cluster.Ids(3);
    private static readonly PartyId Cheater = AllThree[1];

    [Fact]
    public async Task the_key_stays_the_shares_change_and_every_subset_of_the_new_shares_signs()
    {
        using var old = new ShareSet(keys.Fresh());
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7e1))));
        foreach (var party in AllThree)
        {
            var (before, after) = (old.Shares[party], refreshed.Shares[party]);
            Assert.Equal(before.PublicKey, after.PublicKey);
            Assert.True(before.KeyId.SequenceEqual(after.KeyId));
            Assert.True(before.ChainCode.SequenceEqual(after.ChainCode));
            Assert.Equal(before.Epoch + 1, after.Epoch);
            Assert.NotEqual(before.SecretShare, after.SecretShare);
            Assert.All(AllThree, p => Assert.NotEqual(before.PublicShare(p), after.PublicShare(p)));
            foreach (var other in AllThree.Where(p => p != party))
            {
                Assert.Equal(before.PairOtEpoch(other) + 1, after.PairOtEpoch(other));
                Assert.False(before.Pairs.Single(p => p.Counterpart == other).ZeroSeed.SequenceEqual(after.Pairs.Single(p => p.Counterpart == other).ZeroSeed));
            }
        }

        var random = MpcRandom.Seeded(0x7e2);
        PartyId[][] subsets = [[AllThree[0], AllThree[1]], [AllThree[0], AllThree[2]], [AllThree[1], AllThree[2]], AllThree];
        foreach (var signers in subsets)
        {
            var hash = Cluster.MessageHash();
            var signature = (await Cluster.SignAsync(refreshed.Shares, signers, hash, random)).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
        }

        // Serialised and read back (what the share store holds), the new share keeps its epoch.
        var stored = KeyShareCodec.Serialize(refreshed.Shares[AllThree[0]]);
        using var reread = KeyShareCodec.Deserialize(stored);
        Assert.Equal(1u, reread.Epoch);
    }

    [Fact]
    public async Task a_three_of_five_key_refreshed_twice_still_signs_under_the_same_key()
    {
        var random = MpcRandom.Seeded(0x7e3);
        using var generated = new ShareSet(await Cluster.GenerateAsync(3, 5, random));
        using var once = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(generated.Shares, random)));
        using var twice = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(once.Shares, random)));
        Assert.All(twice.Shares.Values, s => Assert.Equal(2u, s.Epoch));
        var signers = Cluster.Ids(5).Where(p => p.Value is 1 or 3 or 5).ToArray();
        var hash = Cluster.MessageHash();
        var signature = (await Cluster.SignAsync(twice.Shares, signers, hash, random)).Signature();
        Assert.True(Verify.WithDotNet(generated.Shares.Values.First().PublicKey, hash, signature));
    }

    [Fact]
    public async Task an_old_share_and_a_new_share_do_not_sign_together_and_nobody_is_blamed()
    {
        using var old = new ShareSet(keys.Fresh());
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7e4))));
        var signers = new[] { AllThree[0], AllThree[1] };
        var mixed = new Dictionary<PartyId, KeyShare> { [AllThree[0]] = old.Shares[AllThree[0]], [AllThree[1]] = refreshed.Shares[AllThree[1]] };
        var run = await Cluster.SignAsync(mixed, signers, Cluster.MessageHash(), MpcRandom.Seeded(0x7e5));
        foreach (var party in signers)
        {
            var abort = Assert.IsType<MpcAbortException>(run.Outcomes[party].Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task an_old_and_a_new_share_interpolate_to_no_key_while_two_new_ones_give_the_key()
    {
        // What a thief holding one share from before and one from after the refresh could compute.
        using var old = new ShareSet(keys.Fresh());
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7e6))));
        var pair = new[] { AllThree[0], AllThree[2] };
        Scalar Combine(KeyShare first, KeyShare second) =>
            (Lagrange.Coefficient(pair[0], pair, Scalar.Zero) * first.SecretShare) + (Lagrange.Coefficient(pair[1], pair, Scalar.Zero) * second.SecretShare);

        Assert.Equal(keys.PublicKey, Point.MulBase(Combine(refreshed.Shares[pair[0]], refreshed.Shares[pair[1]])));
        Assert.Equal(keys.PublicKey, Point.MulBase(Combine(old.Shares[pair[0]], old.Shares[pair[1]])));
        Assert.NotEqual(keys.PublicKey, Point.MulBase(Combine(old.Shares[pair[0]], refreshed.Shares[pair[1]])));
        Assert.NotEqual(keys.PublicKey, Point.MulBase(Combine(refreshed.Shares[pair[0]], old.Shares[pair[1]])));
    }

    [Fact]
    public async Task a_pair_discarded_after_a_failed_check_is_active_again_with_fresh_ot()
    {
        using var old = new ShareSet(keys.Fresh());
        old.Shares[AllThree[0]].DiscardPair(AllThree[1]);
        old.Shares[AllThree[1]].DiscardPair(AllThree[0]);
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7e7))));
        Assert.Equal(PairStatus.Active, refreshed.Shares[AllThree[0]].PairStatusWith(AllThree[1]));

        // The ledger's discard record of the old OT epoch no longer applies to the new pair.
        var ledger = new InMemorySessionLedger();
        await ledger.RecordDiscardedPairAsync(new DiscardedPair(old.Shares[AllThree[0]].KeyIdBytes, AllThree[0], AllThree[1], old.Shares[AllThree[0]].PairOtEpoch(AllThree[1])), CancellationToken.None);
        var signers = new[] { AllThree[0], AllThree[1] };
        var ledgers = new Dictionary<PartyId, ISessionLedger> { [AllThree[0]] = ledger, [AllThree[1]] = new InMemorySessionLedger() };
        var hash = Cluster.MessageHash();
        var signature = (await Cluster.SignAsync(refreshed.Shares, signers, hash, MpcRandom.Seeded(0x7e8), ledgers: ledgers)).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
    }

    [Fact]
    public async Task a_dealer_whose_sharing_has_a_non_zero_constant_is_blamed_by_every_honest_party()
    {
        // The cheater shifts every share it deals by one: a consistent sharing of 1 instead of 0, which would move the key.
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7e9), Tamper.By(Cheater, Tamper.Payload(2, broadcast: false, p =>
        {
            using var m = DkgRound2Direct.Parse(p);
            using var shifted = new DkgRound2Direct(m.Share + Scalar.One, m.SeedContribution, m.SeedSalt);
            return shifted.ToBytes();
        })));
        AssertBlamed(outcomes, "refresh: Shamir share fails the Feldman check");
    }

    [Fact]
    public async Task a_dealer_that_sends_a_constant_term_commitment_is_refused_as_malformed()
    {
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7ea), Tamper.By(Cheater, Tamper.Payload(2, broadcast: true, p =>
        {
            var reader = new Custody.Mpc.Wire.WireReader(p);
            var count = reader.ReadCount(KeyShare.MaxParties);
            var rest = p.AsSpan(2 + (33 * count));
            using var writer = new Custody.Mpc.Wire.WireWriter();
            writer.WriteUInt16((ushort)(count + 1));
            writer.WriteFixed(Point.Generator.Encode());
            writer.WriteFixed(p.AsSpan(2, 33 * count));
            writer.WriteFixed(rest);
            return writer.ToArray();
        })));
        AssertBlamed(outcomes, "malformed");
    }

    [Fact]
    public async Task a_dealer_whose_commitments_do_not_open_its_round_one_commitment_is_blamed()
    {
        using var old = new ShareSet(keys.Fresh());
        var outcomes = await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7eb), Tamper.By(Cheater, Tamper.Payload(2, broadcast: true, p =>
        {
            var m = DkgRound2Broadcast.Parse(p, new DealingFormat(1, 0, HasProof: false));
            return new DkgRound2Broadcast([m.CoefficientCommitments[0] + Point.Generator], m.ChainCodeContribution, m.Salt, null).ToBytes();
        })));
        AssertBlamed(outcomes, "do not open");
    }

    [Fact]
    public async Task parties_holding_different_epochs_of_the_key_refuse_to_refresh_together()
    {
        using var old = new ShareSet(keys.Fresh());
        using var refreshed = new ShareSet(Cluster.Succeeded(await Cluster.RefreshAsync(old.Shares, MpcRandom.Seeded(0x7ec))));
        var mixed = new Dictionary<PartyId, KeyShare> { [AllThree[0]] = refreshed.Shares[AllThree[0]], [AllThree[1]] = old.Shares[AllThree[1]], [AllThree[2]] = old.Shares[AllThree[2]] };
        var outcomes = await Cluster.RefreshAsync(mixed, MpcRandom.Seeded(0x7ed));
        Assert.All(outcomes.Values, o =>
        {
            var abort = Assert.IsType<MpcAbortException>(o.Error);
            Assert.False(abort.Culprit.IsValid);
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void a_derived_share_is_not_refreshed()
    {
        using var shares = new ShareSet(keys.Fresh());
        using var derived = shares.Shares[AllThree[0]].WithTweak(Scalar.One);
        Assert.Throws<ArgumentException>(() => Custody.Mpc.Refresh.KeyRefresh.Start(derived, new byte[32], MpcRandom.Seeded(1)));
    }

    private static void AssertBlamed(IReadOnlyDictionary<PartyId, PartyOutcome<KeyShare>> outcomes, string reason)
    {
        foreach (var party in AllThree.Where(p => p != Cheater))
        {
            var abort = Assert.IsType<MpcAbortException>(outcomes[party].Error);
            Assert.Equal(Cheater, abort.Culprit);
            Assert.Contains(reason, abort.Reason, StringComparison.Ordinal);
            Assert.Null(outcomes[party].Output);
        }
    }
}
