using Custody.Mpc.Curve;
using Custody.Mpc.Derivation;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Derivation;

/// <summary>
/// A DKG'd wallet's extended public key and its children, checked against ethers' HDNodeWallet; signing under a
/// derived key by every party applying the path's public tweak (KeyShare.WithTweak); a coordinator that gives the
/// parties different paths.
/// </summary>
public sealed class when_a_wallet_signs_under_a_derived_key(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId[] AllThree = Cluster.Ids(3);

    [Fact]
    public async Task the_wallet_xpub_and_its_children_match_ethers()
    {
        using var shares = new ShareSet(keys.Fresh());
        var share = shares.Shares[AllThree[0]];
        var xpub = ExtendedPublicKey.ForKey(share, ExtendedKeyNetwork.Mainnet);
        string[] paths = ["m", "m/0", "m/0/1", "m/7/3/12", "m/2147483647/0", "m/44/60/0/0/5"];
        var ours = paths.Select(p => xpub.Derive(DerivationPath.Parse(p)).Child).ToArray();
        var theirs = await Verify.DeriveWithEthersAsync(paths.Select(p => (xpub.ToString(), p == "m" ? "" : p[2..])).ToArray());
        for (var k = 0; k < paths.Length; k++)
        {
            Assert.Equal(theirs[k].Xpub, ours[k].ToString());
            Assert.Equal(theirs[k].Address, Verify.Address(ours[k].PublicKey));
        }

        // Every party computes the same master xpub from its own share: the chain code was agreed in the DKG.
        Assert.All(shares.Shares.Values, s => Assert.Equal(xpub.ToString(), ExtendedPublicKey.ForKey(s, ExtendedKeyNetwork.Mainnet).ToString()));
    }

    [Fact]
    public async Task signatures_under_random_derived_keys_verify_under_the_derived_public_key()
    {
        using var shares = new ShareSet(keys.Fresh());
        var random = MpcRandom.Seeded(0xd311);
        var xpub = ExtendedPublicKey.ForKey(shares.Shares[AllThree[0]], ExtendedKeyNetwork.Mainnet);
        var signed = new List<(byte[] Hash, EcdsaSignature Signature)>();
        var expected = new List<string>();
        for (var run = 0; run < 6; run++)
        {
            var path = RandomPath(random);
            var signers = RandomSigners(random);
            var derived = signers.ToDictionary(p => p, p => DerivedSigningKey.ForPath(shares.Shares[p], path));
            try
            {
                var hash = Cluster.MessageHash();
                var signature = (await Cluster.SignAsync(derived, signers, hash, random)).Signature();
                var childKey = xpub.Derive(path).Child.PublicKey;
                Assert.True(Verify.WithDotNet(childKey, hash, signature), $"path {path}");
                Assert.False(Verify.WithDotNet(xpub.PublicKey, hash, signature));
                signed.Add((hash, signature));
                expected.Add(Verify.Address(childKey));
            }
            finally
            {
                foreach (var share in derived.Values)
                {
                    share.Dispose();
                }
            }
        }

        Assert.Equal(expected, await Verify.RecoverWithEthersAsync(signed));

        // The wallet shares are untouched by the derived ones' disposal and still sign under the master key.
        var hashAfter = Cluster.MessageHash();
        var master = (await Cluster.SignAsync(shares.Shares, AllThree[..2], hashAfter, random)).Signature();
        Assert.True(Verify.WithDotNet(xpub.PublicKey, hashAfter, master));
    }

    [Fact]
    public async Task parties_given_different_paths_abort_before_any_pairwise_step_and_blame_nobody()
    {
        using var shares = new ShareSet(keys.Fresh());
        var paths = new Dictionary<PartyId, DerivationPath>
        {
            [AllThree[0]] = DerivationPath.Parse("m/0/1"),
            [AllThree[1]] = DerivationPath.Parse("m/0/2"),
        };
        var signers = paths.Keys.ToArray();
        var derived = signers.ToDictionary(p => p, p => DerivedSigningKey.ForPath(shares.Shares[p], paths[p]));
        try
        {
            var run = await Cluster.SignAsync(derived, signers, Cluster.MessageHash(), MpcRandom.Seeded(0xd312));
            foreach (var party in signers)
            {
                var abort = Assert.IsType<MpcAbortException>(run.Outcomes[party].Error);
                Assert.False(abort.Culprit.IsValid);
                Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
                Assert.Equal(PairStatus.Active, shares.Shares[party].PairStatusWith(signers.Single(s => s != party)));
            }
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
    public void a_derived_share_is_never_stored_nor_derived_again()
    {
        using var shares = new ShareSet(keys.Fresh());
        using var derived = DerivedSigningKey.ForPath(shares.Shares[AllThree[0]], DerivationPath.Parse("m/1"));
        Assert.True(derived.IsDerived);
        Assert.Throws<ArgumentException>(() => KeyShareCodec.Serialize(derived));
        Assert.Throws<ArgumentException>(() => DerivedSigningKey.ForPath(derived, DerivationPath.Parse("m/1")));
        Assert.Equal(derived.PublicKey - shares.Shares[AllThree[0]].PublicKey, derived.PublicShare(AllThree[2]) - shares.Shares[AllThree[0]].PublicShare(AllThree[2]));
    }

    [Fact]
    public void a_pair_discarded_through_a_derived_share_is_discarded_in_the_wallet_share()
    {
        using var shares = new ShareSet(keys.Fresh());
        var wallet = shares.Shares[AllThree[0]];
        using (var derived = wallet.WithTweak(Scalar.One))
        {
            derived.DiscardPair(AllThree[1]);
        }

        Assert.Equal(PairStatus.Discarded, wallet.PairStatusWith(AllThree[1]));
        Assert.Equal(PairStatus.Active, wallet.PairStatusWith(AllThree[2]));
    }

    private static DerivationPath RandomPath(MpcRandom random)
    {
        var bytes = new byte[4 * 4];
        random.Fill(bytes);
        var depth = 1 + (bytes[0] % 4);
        return DerivationPath.Create(Enumerable.Range(0, depth).Select(k => BitConverter.ToUInt32(bytes, 4 * k) & 0x7fff_ffff));
    }

    private static PartyId[] RandomSigners(MpcRandom random)
    {
        var b = new byte[1];
        random.Fill(b);
        return (b[0] % 4) switch
        {
            0 => [AllThree[0], AllThree[1]],
            1 => [AllThree[0], AllThree[2]],
            2 => [AllThree[1], AllThree[2]],
            _ => AllThree,
        };
    }
}
