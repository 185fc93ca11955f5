using System.Security.Cryptography;
using Custody.Ethereum;
using Custody.Keys.DevFile;
using Custody.Mpc.Curve;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Shares;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>Share rotation with a FolderShareStore per party (real files, real sealing).</summary>
public sealed class when_a_party_rotates_its_shares_in_a_folder : when_a_party_rotates_its_shares_after_a_refresh<FolderShareStore>
{
    protected override int DurableSteps => 3 + (3 * 2) + 3;

    protected override FolderShareStore CreateStore(string party, Action<string>? afterDurableStep) =>
        new(Path.Combine(Root, party), party, Provider) { AfterDurableStep = afterDurableStep };
}

/// <summary>Share rotation with a FirestoreShareStore per party on the Firestore emulator.</summary>
public sealed class when_parties_rotate_their_shares_in_firestore(FirestoreEmulator emulator) : when_a_party_rotates_its_shares_after_a_refresh<FirestoreShareStore>
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    /// <summary>One document write per stage, commit and delete.</summary>
    protected override int DurableSteps => 3 * 3;

    protected override FirestoreShareStore CreateStore(string party, Action<string>? afterDurableStep) =>
        new(_firestore.Database, party, Provider) { AfterDurableStep = afterDurableStep };

    public override ValueTask DisposeAsync()
    {
        _firestore.Dispose();
        return base.DisposeAsync();
    }
}

/// <summary>
/// Share rotation after a key refresh with three parties, each with its own share store: stage at every party, then commit at every party, then delete the retired shares. The process is made
/// to crash after each durable step in turn; after a restart there is always one epoch every party still holds,
/// whose shares sign under the wallet's key, and resuming the rotation ends with the new shares only.
/// </summary>
public abstract class when_a_party_rotates_its_shares_after_a_refresh<TStore> : IAsyncLifetime
    where TStore : IShareStore, IShareRotation
{
    /// <summary>The most durable steps of a 3-party rotation in any store (the folder's: 3 stages, 2 writes per commit, 3 deletes).</summary>
    public const int MostDurableSteps = 12;

    private static readonly string[] Names = ["signer", "cosigner-a", "cosigner-b"];
    private const string Wallet = "treasury-1";

    private readonly string _root = Directory.CreateTempSubdirectory("custody-rotation-").FullName;
    private DevFileKeyEncryptionProvider _provider = null!;
    private IReadOnlyDictionary<PartyId, KeyShare> _old = null!;
    private IReadOnlyDictionary<PartyId, KeyShare> _new = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, "party.kek") }, "Test");
        _old = await InMemoryParties.DkgAsync(2, 3, ct);
        _new = await InMemoryParties.RefreshAsync(_old, ct);
    }

    /// <summary>Durable steps of the whole 3-party rotation in this store.</summary>
    protected abstract int DurableSteps { get; }

    protected string Root => _root;

    protected DevFileKeyEncryptionProvider Provider => _provider;

    /// <summary>A store of <paramref name="party"/> over the test's storage (a new object: what a restarted process opens).</summary>
    protected abstract TStore CreateStore(string party, Action<string>? afterDurableStep);

    public virtual ValueTask DisposeAsync()
    {
        foreach (var share in _old.Values.Concat(_new.Values))
        {
            share.Dispose();
        }

        _provider.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    public static TheoryData<int> CrashPoints() => new(Enumerable.Range(1, MostDurableSteps));

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task a_crash_after_any_durable_step_leaves_one_epoch_every_party_can_sign_with(int crashAfterStep)
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAllAsync(ct);
        var steps = 0;
        var crash = await Record.ExceptionAsync(() => RotateAsync(Stores(_ =>
        {
            if (++steps == crashAfterStep)
            {
                throw new SimulatedCrash();
            }
        }), ct));

        // A store with fewer durable steps than the folder's completes the rotation for the higher numbers.
        if (crashAfterStep <= DurableSteps)
        {
            Assert.IsType<SimulatedCrash>(crash);
        }
        else
        {
            Assert.Null(crash);
        }

        // Restart: fresh store objects over the same folders.
        var restarted = Stores();
        var epoch = await CommonEpochAsync(restarted, ct);
        Assert.NotNull(epoch);
        await AssertSignsAsync(restarted, epoch.Value, ct);

        // Resume the rotation from the start (every step is idempotent): the new shares only.
        await RotateAsync(restarted, ct);
        await AssertRotatedAsync(restarted, ct);
    }

    [Fact]
    public async Task a_rotation_without_crash_ends_with_the_new_shares_only_and_the_old_epoch_is_gone()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAllAsync(ct);
        var steps = new List<string>();
        var stores = Stores(steps.Add);
        await RotateAsync(stores, ct);
        await AssertRotatedAsync(stores, ct);

        // The crash test enumerates every durable step of this store.
        Assert.Equal(DurableSteps, steps.Count);
        foreach (var store in stores.Values)
        {
            await Assert.ThrowsAsync<ShareStoreException>(() => ShareRotation.UnsealAtEpochAsync(store, Wallet, 0, ct));
        }

        Assert.Empty(Directory.EnumerateFiles(_root, "*.tmp-*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task a_staged_share_that_is_not_the_next_epoch_of_the_same_key_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAllAsync(ct);
        var store = Stores()[PartyId.Create(1)];

        var sameEpoch = await Assert.ThrowsAsync<ShareStoreException>(() => store.StageAsync(Wallet, _old[PartyId.Create(1)], ct));
        Assert.Contains("only epoch 1 can follow", sameEpoch.Message, StringComparison.Ordinal);

        var otherParty = await Assert.ThrowsAsync<ShareStoreException>(() => store.StageAsync(Wallet, _new[PartyId.Create(2)], ct));
        Assert.Contains("not a refresh of the current one", otherParty.Message, StringComparison.Ordinal);

        using var otherKey = (await InMemoryParties.DkgAsync(2, 3, ct))[PartyId.Create(1)];
        await Assert.ThrowsAsync<ShareStoreException>(() => store.StageAsync(Wallet, otherKey, ct));

        using var derived = _new[PartyId.Create(1)].WithTweak(Scalar.One);
        await Assert.ThrowsAsync<ShareStoreException>(() => store.StageAsync(Wallet, derived, ct));

        var nothingStaged = await Assert.ThrowsAsync<ShareStoreException>(() => store.CommitAsync(Wallet, 1, ct));
        Assert.Contains("no staged share", nothingStaged.Message, StringComparison.Ordinal);
        Assert.Null(await store.UnsealStagedAsync(Wallet, ct));
    }

    [Fact]
    public async Task a_commit_for_another_epoch_than_the_staged_one_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await CreateAllAsync(ct);
        var store = Stores()[PartyId.Create(1)];
        await store.StageAsync(Wallet, _new[PartyId.Create(1)], ct);
        var error = await Assert.ThrowsAsync<ShareStoreException>(() => store.CommitAsync(Wallet, 2, ct));
        Assert.Contains("not 2", error.Message, StringComparison.Ordinal);
        using var current = await store.UnsealShareAsync(Wallet, ct);
        Assert.Equal(0u, current.Epoch);
    }

    /// <summary>The rotation as a coordinator runs it: every party stages, then every party commits, then deletes.</summary>
    private async Task RotateAsync(IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var (id, store) in stores)
        {
            using var current = await store.UnsealShareAsync(Wallet, ct);
            if (current.Epoch != _new[id].Epoch)
            {
                await store.StageAsync(Wallet, _new[id], ct);
            }
        }

        foreach (var (id, store) in stores)
        {
            await store.CommitAsync(Wallet, _new[id].Epoch, ct);
        }

        foreach (var store in stores.Values)
        {
            await store.DeleteRetiredAsync(Wallet, ct);
        }
    }

    private static async Task<uint?> CommonEpochAsync(IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var epoch in new uint[] { 1, 0 })
        {
            var held = 0;
            foreach (var store in stores.Values)
            {
                try
                {
                    using var share = await ShareRotation.UnsealAtEpochAsync(store, Wallet, epoch, ct);
                    held++;
                }
                catch (ShareStoreException)
                {
                }
            }

            if (held == stores.Count)
            {
                return epoch;
            }
        }

        return null;
    }

    private async Task AssertSignsAsync(IReadOnlyDictionary<PartyId, TStore> stores, uint epoch, CancellationToken ct)
    {
        var shares = new Dictionary<PartyId, KeyShare>();
        try
        {
            foreach (var (id, store) in stores)
            {
                shares[id] = await ShareRotation.UnsealAtEpochAsync(store, Wallet, epoch, ct);
            }

            var hash = RandomNumberGenerator.GetBytes(32);
            var signature = await InMemoryParties.SignAsync(shares, hash, ct);
            Assert.True(Secp256k1Signatures.VerifiesUnder(_old.Values.First().PublicKey, hash, signature.ToCompact()));
        }
        finally
        {
            foreach (var share in shares.Values)
            {
                share.Dispose();
            }
        }
    }

    private async Task AssertRotatedAsync(IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var store in stores.Values)
        {
            using var current = await store.UnsealShareAsync(Wallet, ct);
            Assert.Equal(1u, current.Epoch);
            Assert.Null(await store.UnsealStagedAsync(Wallet, ct));
            Assert.False(await store.HoldsRetiredAsync(Wallet, ct));
        }

        await AssertSignsAsync(stores, 1, ct);
    }

    private async Task CreateAllAsync(CancellationToken ct)
    {
        foreach (var (id, store) in Stores())
        {
            await store.CreateAsync(_old[id], RecordOf(_old[id], Names[id.Value - 1]), ct);
        }
    }

    private Dictionary<PartyId, TStore> Stores(Action<string>? afterDurableStep = null) =>
        _old.Keys.Order().ToDictionary(id => id, id => CreateStore(Names[id.Value - 1], afterDurableStep));

    private static PartyWalletRecord RecordOf(KeyShare share, string party)
    {
        var publicKey = share.PublicKey.Encode();
        return new PartyWalletRecord(
            Wallet, party, Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey),
            Address.FromPublicKey(publicKey).ToString(), share.Threshold,
            new Dictionary<string, int> { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 }, [1UL]);
    }

}
