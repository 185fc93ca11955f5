using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Sharing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Dkg;

/// <summary>What every party's DKG output agrees on, checked with public values only.</summary>
public sealed class when_parties_generate_a_key(SharedKeys keys) : IClassFixture<SharedKeys>
{
    [Fact]
    public void all_parties_hold_the_same_public_data_and_every_pair_is_active()
    {
        var shares = keys.Fresh();
        var first = shares.Values.First();
        foreach (var share in shares.Values)
        {
            Assert.Equal(first.PublicKey, share.PublicKey);
            Assert.Equal(first.KeyId.ToArray(), share.KeyId.ToArray());
            Assert.Equal(first.ChainCode.ToArray(), share.ChainCode.ToArray());
            Assert.All(share.Parties.Where(p => p != share.Self), p => Assert.Equal(PairStatus.Active, share.PairStatusWith(p)));
            Assert.All(share.Parties, p => Assert.Equal(first.PublicShare(p), share.PublicShare(p)));
        }

        // Any t public shares interpolate to the public key (Lagrange in the exponent, no secret involved).
        foreach (var subset in Signing.when_any_threshold_subset_signs.Subsets([.. first.Parties], first.Threshold))
        {
            var sum = subset.Select(p => first.PublicShare(p) * Lagrange.CoefficientAtZero(p, subset)).Aggregate((a, b) => a + b);
            Assert.Equal(first.PublicKey, sum);
        }

        Assert.DoesNotContain(first.PublicKey.ToString(), first.ToString(), StringComparison.Ordinal);
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    [Fact]
    public void the_zero_shares_of_any_signing_set_sum_to_zero()
    {
        var shares = keys.Fresh();
        var session = new byte[32];
        MpcRandom.Seeded(3).Fill(session);
        var set = shares.Keys.ToArray();
        var sum = set.Select(p => ZeroSharing.Share(p, set, session, q => shares[p].UsablePair(q).ZeroSeed)).Aggregate((a, b) => a + b);
        Assert.True(sum.IsZero);
        var single = ZeroSharing.Share(set[0], set, session, q => shares[set[0]].UsablePair(q).ZeroSeed);
        Assert.False(single.IsZero);
        foreach (var share in shares.Values)
        {
            share.Dispose();
        }
    }

    [Fact]
    public async Task every_message_delivered_twice_and_replayed_a_round_late_still_yields_one_key()
    {
        var shares = await Cluster.GenerateAsync(2, 3, MpcRandom.Seeded(0xd0), network => network.Redeliver = true);
        try
        {
            Assert.Single(shares.Values.Select(s => s.PublicKey.ToString()).Distinct());
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }
}
