using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Mpc.Reshare;
using Custody.Signing.Shares;

namespace Custody.Signing.Tests;

/// <summary>
/// What a party refuses while a wallet is reshared, played from the other side: a coordinator (or whoever writes to
/// the party) presenting a forged, replayed or foreign confirmation, a share of another key or epoch, or mixing old
/// and new shares.
/// </summary>
public abstract partial class when_a_wallet_is_reshared_to_another_party_set<TStore>
{
    private static readonly PartyId Signer = PartyId.Create(1);
    private static readonly PartyId CosignerA = PartyId.Create(2);
    private static readonly PartyId CosignerB = PartyId.Create(3);
    private static readonly PartyId CosignerC = PartyId.Create(4);

    [Fact]
    public async Task a_leaving_party_deletes_nothing_for_a_forged_replayed_or_foreign_confirmation()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var stores = await OldWalletAsync(replace, ct);
        await StageAsync(replace, stores, ct);
        var leaver = stores[CosignerB];
        var statement = replace.Statement;

        async Task<string> RefusedAsync(ReshareConfirmation confirmation) =>
            (await Assert.ThrowsAsync<ShareStoreException>(() => leaver.LeaveAsync(ResharedKeys.Wallet, confirmation, ct))).Message;

        // Signed by another key; altered after signing (a higher threshold); for another wallet; an older resharing's
        // statement replayed (epoch 0, by the old set); a resharing that keeps cosigner-b (the 3-of-5 one).
        Assert.Contains("not signed by the wallet's key", await RefusedAsync(await SignedAsync(statement, Keys.OtherKey, ct)), StringComparison.Ordinal);
        var genuine = await SignedAsync(statement, replace.New, ct);
        Assert.Contains("not signed by the wallet's key", await RefusedAsync(new ReshareConfirmation(statement with { Threshold = 3 }, genuine.Signature)), StringComparison.Ordinal);
        Assert.Contains("another wallet or key", await RefusedAsync(await SignedAsync(statement with { WalletId = "treasury-2" }, replace.New, ct)), StringComparison.Ordinal);
        var older = ReshareStatement.Of(ResharedKeys.RecordOf(Keys.Old[Signer]), Keys.Old[Signer]);
        Assert.Contains("does not follow this share's epoch 0", await RefusedAsync(await SignedAsync(older, Keys.Old, ct)), StringComparison.Ordinal);
        Assert.Contains("keeps cosigner-b", await RefusedAsync(await SignedAsync(Keys.Grow.Statement, Keys.Grow.New, ct)), StringComparison.Ordinal);

        // Nothing was deleted: cosigner-b still signs with the old set.
        using (var kept = await leaver.UnsealShareAsync(ResharedKeys.Wallet, ct))
        using (var other = await stores[Signer].UnsealShareAsync(ResharedKeys.Wallet, ct))
        {
            await ResharedKeys.AssertSignsAsync(new Dictionary<PartyId, KeyShare> { [CosignerB] = kept, [Signer] = other }, Keys.PublicKey, ct);
        }

        Assert.Null(await leaver.FindDepartureAsync(ResharedKeys.Wallet, ct));
        await leaver.LeaveAsync(ResharedKeys.Wallet, genuine, ct);
        await AssertLeftAsync(leaver, "cosigner-b", replace.Epoch, ct);
    }

    [Fact]
    public async Task a_party_commits_only_a_signed_confirmation_of_exactly_the_resharing_it_staged()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var stores = await OldWalletAsync(replace, ct);
        var signer = stores[Signer];
        await signer.StageReshareAsync(replace.New[Signer], ResharedKeys.RecordOf(replace.New[Signer]), ct);

        async Task<string> RefusedAsync(TStore store, ReshareConfirmation confirmation) =>
            (await Assert.ThrowsAsync<ShareStoreException>(() => store.CommitReshareAsync(ResharedKeys.Wallet, confirmation, ct))).Message;

        // Another resharing of the same key (3-of-5); the staged one at another epoch; the staged one signed by another key.
        Assert.Contains("is not of the staged resharing", await RefusedAsync(signer, await SignedAsync(Keys.Grow.Statement, Keys.Grow.New, ct)), StringComparison.Ordinal);
        Assert.Contains("is not of the staged resharing", await RefusedAsync(signer, await SignedAsync(replace.Statement with { Epoch = 2 }, replace.New, ct)), StringComparison.Ordinal);
        Assert.Contains("not signed by the wallet's key", await RefusedAsync(signer, await SignedAsync(replace.Statement, Keys.OtherKey, ct)), StringComparison.Ordinal);

        // Another run of the same resharing: the same record, another sharing. The party neither signs its
        // confirmation with the share it staged nor commits on it.
        var rerun = Keys.ReplaceRerun.Statement;
        Assert.NotEqual(replace.Statement.Sharing, rerun.Sharing);
        Assert.Equal(replace.Statement with { Sharing = rerun.Sharing }, rerun, EqualityComparer<ReshareStatement>.Create((a, b) => a!.SameAs(b!)));
        var notStored = await Assert.ThrowsAsync<ShareStoreException>(() => ShareResharing.UnsealToConfirmAsync(signer, rerun, ct));
        Assert.Contains("is not what this party stored", notStored.Message, StringComparison.Ordinal);
        Assert.Contains("is not of the staged resharing", await RefusedAsync(signer, await SignedAsync(rerun, Keys.ReplaceRerun.New, ct)), StringComparison.Ordinal);

        // A party with nothing staged does not switch to a party set it never stored.
        var genuine = await SignedAsync(replace.Statement, replace.New, ct);
        await RefusedAsync(stores[CosignerA], genuine);

        using (var current = await signer.UnsealShareAsync(ResharedKeys.Wallet, ct))
        {
            Assert.Equal(0u, current.Epoch);
        }

        using (var staged = await signer.UnsealStagedAsync(ResharedKeys.Wallet, ct))
        {
            Assert.Equal(replace.Epoch, Assert.IsType<KeyShare>(staged).Epoch);
        }

        await signer.CommitReshareAsync(ResharedKeys.Wallet, genuine, ct);
        using var committed = await signer.UnsealShareAsync(ResharedKeys.Wallet, ct);
        Assert.Equal(replace.Epoch, committed.Epoch);
        Assert.True(await signer.HoldsRetiredAsync(ResharedKeys.Wallet, ct));
    }

    [Fact]
    public async Task a_staged_resharing_must_be_the_next_epoch_of_the_same_key_with_a_record_that_describes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var signer = (await OldWalletAsync(replace, ct))[Signer];
        var next = replace.New[Signer];

        async Task<string> RefusedAsync(KeyShare share, PartyWalletRecord record) =>
            (await Assert.ThrowsAsync<ShareStoreException>(() => signer.StageReshareAsync(share, record, ct))).Message;

        // A resharing to a different public key; the old epoch again; the new share with the old record (party set);
        // other chains; a derived share; a key ceremony's epoch-0 share given to a party as if it joined a wallet.
        var otherKey = Keys.OtherKey[Signer];
        Assert.Contains("not a resharing of the current one", await RefusedAsync(otherKey, ResharedKeys.RecordOf(otherKey)), StringComparison.Ordinal);
        Assert.Contains("only epoch 1 can follow", await RefusedAsync(Keys.Old[Signer], ResharedKeys.RecordOf(Keys.Old[Signer])), StringComparison.Ordinal);
        Assert.Contains("threshold or party set is not the share's", await RefusedAsync(next, ResharedKeys.RecordOf(Keys.Old[Signer])), StringComparison.Ordinal);
        Assert.Contains("keeps the wallet's chains", await RefusedAsync(next, ResharedKeys.RecordOf(next) with { ChainIds = [1UL, 10UL] }), StringComparison.Ordinal);
        using (var derived = next.WithTweak(Scalar.One))
        {
            Assert.Contains("derived", await RefusedAsync(derived, ResharedKeys.RecordOf(next)), StringComparison.Ordinal);
        }

        Assert.Contains("epoch-0 share", await RefusedAsync(otherKey, ResharedKeys.RecordOf(otherKey, "treasury-9")), StringComparison.Ordinal);

        Assert.Null(await signer.UnsealStagedAsync(ResharedKeys.Wallet, ct));
        Assert.Null(await signer.FindStagedWalletAsync(ResharedKeys.Wallet, ct));
        Assert.Null(await signer.FindWalletAsync("treasury-9", ct));
    }

    [Fact]
    public async Task a_party_that_left_refuses_a_replayed_older_resharing_and_is_added_back_only_by_a_later_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var stores = await OldWalletAsync(replace, ct);
        await ReshareAsync(replace, stores, ct);
        var leaver = stores[CosignerB];

        // The 3-of-5 resharing's share for cosigner-b: the same key at the epoch it left at.
        var replayed = Keys.Grow.New[CosignerB];
        var refused = await Assert.ThrowsAsync<ShareStoreException>(() => leaver.StageReshareAsync(replayed, ResharedKeys.RecordOf(replayed), ct));
        Assert.Contains("cosigner-b left this wallet at epoch 1", refused.Message, StringComparison.Ordinal);
        await AssertLeftAsync(leaver, "cosigner-b", replace.Epoch, ct);

        // A later resharing by the new set adds cosigner-b back (epoch 2).
        var back = await InMemoryParties.ReshareAsync(new ResharePlan(replace.New[Signer].PublicView(), replace.New.Keys, [Signer, CosignerA, CosignerB, CosignerC], 2), replace.New, ct);
        try
        {
            var record = ResharedKeys.RecordOf(back[CosignerB]);
            await leaver.StageReshareAsync(back[CosignerB], record, ct);
            Assert.Null(await leaver.FindWalletAsync(ResharedKeys.Wallet, ct));
            using (var toConfirm = await ShareResharing.UnsealToConfirmAsync(leaver, ReshareStatement.Of(record, back[CosignerB]), ct))
            {
                Assert.Equal(2u, toConfirm.Epoch);
            }

            var confirmation = await SignedAsync(ReshareStatement.Of(record, back[CosignerB]), back, ct);
            await leaver.CommitReshareAsync(ResharedKeys.Wallet, confirmation, ct);
            Assert.Null(await leaver.FindDepartureAsync(ResharedKeys.Wallet, ct));
            using var current = await leaver.UnsealShareAsync(ResharedKeys.Wallet, ct);
            Assert.Equal(2u, current.Epoch);
            await ResharedKeys.AssertSignsAsync(new Dictionary<PartyId, KeyShare> { [CosignerB] = current, [CosignerC] = back[CosignerC] }, Keys.PublicKey, ct);
        }
        finally
        {
            DisposeAll(back.Values);
        }
    }

    [Fact]
    public async Task old_and_new_epoch_shares_read_from_the_stores_do_not_sign_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var stores = await OldWalletAsync(replace, ct);
        await StageAsync(replace, stores, ct);

        // A staying party's old share with another staying party's new share: round 0 sees different epochs.
        using (var oldA = await ShareRotation.UnsealAtEpochAsync(stores[CosignerA], ResharedKeys.Wallet, 0, ct))
        using (var newSigner = await ShareRotation.UnsealAtEpochAsync(stores[Signer], ResharedKeys.Wallet, replace.Epoch, ct))
        {
            var abort = await Assert.ThrowsAsync<MpcAbortException>(() => InMemoryParties.SignAsync(new Dictionary<PartyId, KeyShare> { [Signer] = newSigner, [CosignerA] = oldA }, new byte[32], ct));
            Assert.Contains("different request", abort.Reason, StringComparison.Ordinal);
            Assert.False(abort.Culprit.IsValid);
        }

        // The leaving party's share with the joining party's: neither knows the other as a party of its key.
        using var leaving = await stores[CosignerB].UnsealShareAsync(ResharedKeys.Wallet, ct);
        using var joining = await ShareRotation.UnsealAtEpochAsync(stores[CosignerC], ResharedKeys.Wallet, replace.Epoch, ct);
        var refused = await Assert.ThrowsAsync<ArgumentException>(() => InMemoryParties.SignAsync(new Dictionary<PartyId, KeyShare> { [CosignerB] = leaving, [CosignerC] = joining }, new byte[32], ct));
        Assert.Contains("every signer must be a party of the key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_refresh_and_a_resharing_are_never_staged_over_each_other()
    {
        var ct = TestContext.Current.CancellationToken;
        var replace = Keys.Replace;
        var stores = await OldWalletAsync(replace, ct);
        var refreshed = await InMemoryParties.RefreshAsync(Keys.Old, ct);
        try
        {
            var signer = stores[Signer];
            await signer.StageReshareAsync(replace.New[Signer], ResharedKeys.RecordOf(replace.New[Signer]), ct);
            var overResharing = await Assert.ThrowsAsync<ShareStoreException>(() => signer.StageAsync(ResharedKeys.Wallet, refreshed[Signer], ct));
            Assert.Contains("a resharing is staged", overResharing.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<ShareStoreException>(() => signer.CommitAsync(ResharedKeys.Wallet, 1, ct));

            var cosigner = stores[CosignerA];
            await cosigner.StageAsync(ResharedKeys.Wallet, refreshed[CosignerA], ct);
            var overRefresh = await Assert.ThrowsAsync<ShareStoreException>(() => cosigner.StageReshareAsync(replace.New[CosignerA], ResharedKeys.RecordOf(replace.New[CosignerA]), ct));
            Assert.Contains("a refresh is staged", overRefresh.Message, StringComparison.Ordinal);
            using var staged = Assert.IsType<KeyShare>(await cosigner.UnsealStagedAsync(ResharedKeys.Wallet, ct));
            Assert.True(refreshed[CosignerA].PublicShare(Signer) == staged.PublicShare(Signer));
        }
        finally
        {
            DisposeAll(refreshed.Values);
        }
    }

    /// <summary>The old 2-of-3 wallet in every party's store, and the stores of every party of <paramref name="resharing"/>.</summary>
    private async Task<Dictionary<PartyId, TStore>> OldWalletAsync(ResharedKeys.Resharing resharing, CancellationToken ct)
    {
        await CreateOldWalletAsync(ct);
        return Stores(resharing);
    }

    private static async Task StageAsync(ResharedKeys.Resharing resharing, IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var (id, share) in resharing.New)
        {
            await stores[id].StageReshareAsync(share, ResharedKeys.RecordOf(share), ct);
        }
    }

    /// <summary>A confirmation of <paramref name="statement"/> signed by whoever holds <paramref name="shares"/> (a threshold of them).</summary>
    private static async Task<ReshareConfirmation> SignedAsync(ReshareStatement statement, IReadOnlyDictionary<PartyId, KeyShare> shares, CancellationToken ct)
    {
        var quorum = shares.OrderBy(p => p.Key).Take(shares.Values.First().Threshold).ToDictionary();
        var signature = await InMemoryParties.SignAsync(quorum, statement.Digest(), ct);
        return new ReshareConfirmation(statement, Secp256k1Signatures.ToEthereum(signature));
    }
}
