using Custody.Mpc.Curve;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Mpc.Signing;
using Custody.Mpc.Tests.Harness;

namespace Custody.Mpc.Tests.Presigning;

/// <summary>
/// Presignatures made by the signing rounds 0-2, finished in one online round; single use at each party; a
/// presignature of another party set, wallet or epoch refused without being consumed; blame in the online round.
/// </summary>
public sealed class when_signing_from_a_presignature(SharedKeys keys) : IClassFixture<SharedKeys>
{
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly PartyId Three = PartyId.Create(3);

    [Fact]
    public async Task signatures_from_presignatures_verify_with_dotnet_and_ethers()
    {
        using var shares = new ShareSet(keys.Fresh());
        var random = MpcRandom.Seeded(41);
        var signed = new List<(byte[] Hash, EcdsaSignature Signature)>();
        foreach (var signers in new PartyId[][] { [One, Two], [Two, Three], [One, Two, Three] })
        {
            var stores = PresignCluster.InMemoryStores(signers);
            var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, random);
            var hash = Cluster.MessageHash();
            var signature = (await PresignCluster.SignAsync(shares.Shares, signers, stores, id, hash)).Signature();
            Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
            signed.Add((hash, signature));
        }

        var recovered = await Verify.RecoverWithEthersAsync(signed);
        Assert.All(recovered, address => Assert.Equal(Verify.Address(keys.PublicKey), address));
    }

    [Fact]
    public async Task a_second_message_on_a_used_presignature_is_refused_and_the_same_message_gets_the_same_signature()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores(signers);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(42));
        var hash = Cluster.MessageHash();
        var first = (await PresignCluster.SignAsync(shares.Shares, signers, stores, id, hash)).Signature();

        var again = (await PresignCluster.SignAsync(shares.Shares, signers, stores, id, hash)).Signature();
        var other = await PresignCluster.SignAsync(shares.Shares, signers, stores, id, Cluster.MessageHash());

        Assert.Equal(first.ToCompact(), again.ToCompact());
        foreach (var party in signers)
        {
            var refused = Assert.IsType<PresignatureRefusedException>(other.Outcomes[party].Error);
            Assert.Contains("another message", refused.Message);
        }
    }

    [Fact]
    public async Task a_party_refuses_a_second_message_even_when_the_other_party_is_asked_for_the_first()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores(signers);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(43));
        var first = Cluster.MessageHash();
        var second = Cluster.MessageHash();

        // A coordinator that tells each party a different message: each party finishes only its own, once.
        var split = await PresignCluster.SignAsync(shares.Shares, signers, stores, id, first, messageHashOf: p => p == One ? first : second);
        var swapped = await PresignCluster.SignAsync(shares.Shares, signers, stores, id, first, messageHashOf: p => p == One ? second : first);

        foreach (var party in signers)
        {
            var abort = PresignCluster.AbortAt(split, party);
            Assert.False(abort.Culprit.IsValid);
            Assert.Empty(abort.Suspects);
            Assert.IsType<PresignatureRefusedException>(swapped.Outcomes[party].Error);
        }
    }

    [Fact]
    public async Task a_presignature_of_another_party_set_wallet_or_epoch_is_refused_and_stays_usable()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores([One, Two, Three]);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(44));
        var hash = Cluster.MessageHash();
        var ct = TestContext.Current.CancellationToken;

        var otherSet = await Assert.ThrowsAsync<PresignatureRefusedException>(() => stores[One].ConsumeAsync(new PresignatureRequest(PresignCluster.Wallet, id, shares.Shares[One], [One, Three], hash), ct).AsTask());
        var otherWallet = await Assert.ThrowsAsync<PresignatureRefusedException>(() => stores[One].ConsumeAsync(new PresignatureRequest("another-wallet", id, shares.Shares[One], signers, hash), ct).AsTask());
        var share = shares.Shares[One];
        var otherEpoch = await Assert.ThrowsAsync<PresignatureRefusedException>(() => stores[One].ConsumeAsync(new PresignatureRequest(PresignCluster.Wallet, id, share.KeyId, share.Epoch + 1, One, signers, hash), ct).AsTask());

        Assert.Contains("another party set", otherSet.Message);
        Assert.Contains("unknown", otherWallet.Message);
        Assert.Contains("epoch", otherEpoch.Message);
        var signature = (await PresignCluster.SignAsync(shares.Shares, signers, stores, id, hash)).Signature();
        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
    }

    [Fact]
    public async Task a_tampered_online_partial_is_blamed_on_its_sender_with_two_signers()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores(signers);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(45));

        var run = await PresignCluster.SignAsync(shares.Shares, signers, stores, id, Cluster.MessageHash(), Tamper.By(Two, AlterW));

        var abort = PresignCluster.AbortAt(run, One);
        Assert.Equal(Two, abort.Culprit);
        Assert.Contains("does not verify", abort.Reason);
    }

    [Fact]
    public async Task a_tampered_online_partial_with_three_signers_names_every_other_signer_as_suspect()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two, Three];
        var stores = PresignCluster.InMemoryStores(signers);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(46));

        var run = await PresignCluster.SignAsync(shares.Shares, signers, stores, id, Cluster.MessageHash(), Tamper.By(Two, AlterW));

        // DKLs23 has no per-party check of (u_j, w_j) (docs/mpc.md "Blame"): party 1 can only list 2 and 3.
        var abort = PresignCluster.AbortAt(run, One);
        Assert.False(abort.Culprit.IsValid);
        Assert.Equal([Two, Three], abort.Suspects);
        Assert.Equal([One, Two], PresignCluster.AbortAt(run, Three).Suspects);
    }

    [Fact]
    public async Task a_presignature_unknown_to_a_party_sends_nothing()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores(signers);

        var run = await PresignCluster.SignAsync(shares.Shares, signers, stores, Cluster.SessionId(MpcRandom.Secure), Cluster.MessageHash());

        Assert.All(run.Outcomes.Values, o => Assert.IsType<PresignatureRefusedException>(o.Error));
        Assert.Equal(0, run.Bytes);
    }

    [Fact]
    public async Task a_signed_run_signs_and_an_online_partial_altered_by_the_relay_is_refused_without_blame()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Three];
        using var identities = new SignedParties(signers);
        var stores = PresignCluster.InMemoryStores(signers);
        var first = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(47), identities: identities);
        var second = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(48), identities: identities);
        var hash = Cluster.MessageHash();

        var signature = (await PresignCluster.SignAsync(shares.Shares, signers, stores, first, hash, identities: identities)).Signature();
        // A relay (no party key) alters party 3's partial on its way to party 1: the signature no longer verifies.
        var relayed = await PresignCluster.SignAsync(shares.Shares, signers, stores, second, hash, network => network.Relay = (e, to) => [e.From == Three ? AlterW(e) : e], identities: identities);

        Assert.True(Verify.WithDotNet(keys.PublicKey, hash, signature));
        Assert.IsType<MpcTransportException>(relayed.Outcomes[One].Error);
    }

    [Fact]
    public async Task of_many_concurrent_consumers_of_one_in_memory_presignature_only_one_message_gets_a_partial()
    {
        using var shares = new ShareSet(keys.Fresh());
        PartyId[] signers = [One, Two];
        var stores = PresignCluster.InMemoryStores(signers);
        var id = await PresignCluster.PresignAsync(shares.Shares, signers, stores, MpcRandom.Seeded(49));
        var ct = TestContext.Current.CancellationToken;

        var attempts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await stores[One].ConsumeAsync(new PresignatureRequest(PresignCluster.Wallet, id, shares.Shares[One], signers, Cluster.MessageHash()), ct)) is not null;
            }
            catch (PresignatureRefusedException)
            {
                return false;
            }
        }, ct)));

        Assert.Equal(1, attempts.Count(a => a));
    }

    private static MpcEnvelope AlterW(MpcEnvelope envelope)
    {
        var message = OnlineSignBroadcast.Parse(envelope.Payload);
        return Tamper.Rebuild(envelope, payload: new OnlineSignBroadcast(message.PresignatureId, message.MessageHash, message.U, message.W + Scalar.One).ToBytes());
    }
}
