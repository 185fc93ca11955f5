using Custody.Gcp.Firestore;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Shares;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>Resharing's store side with a FolderShareStore per party (real files, real sealing).</summary>
public sealed class when_a_wallet_in_folders_is_reshared(ResharedKeys keys) : when_a_wallet_is_reshared_to_another_party_set<FolderShareStore>(keys)
{
    /// <summary>Per party: stage 2 (record, share); commit 4 staying (2 copies, 2 renames), 2 joining; leave 2; delete retired 2.</summary>
    public static new TheoryData<string, int> CrashPoints() => CrashPointsOf(("replace", 22), ("grow", 32));

    protected override int DurableSteps(string scenario) => scenario == "replace" ? 22 : 32;

    protected override FolderShareStore CreateStore(string party, Action<string>? afterDurableStep) =>
        new(Path.Combine(Root, party), party, Provider) { AfterDurableStep = afterDurableStep };

    protected override Task<IReadOnlyList<string>> HeldItemsAsync(string party, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.EnumerateFiles(Path.Combine(Root, party), "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ToArray()!);
}

/// <summary>Resharing's store side with a FirestoreShareStore per party on the Firestore emulator.</summary>
public sealed class when_a_wallet_in_firestore_is_reshared(ResharedKeys keys, FirestoreEmulator emulator) : when_a_wallet_is_reshared_to_another_party_set<FirestoreShareStore>(keys)
{
    private readonly EmulatedFirestore _firestore = new(emulator);

    /// <summary>One document write per stage, commit, leave and retired deletion.</summary>
    public static new TheoryData<string, int> CrashPoints() => CrashPointsOf(("replace", 9), ("grow", 13));

    protected override int DurableSteps(string scenario) => scenario == "replace" ? 9 : 13;

    protected override FirestoreShareStore CreateStore(string party, Action<string>? afterDurableStep) =>
        new(_firestore.Database, party, Provider) { AfterDurableStep = afterDurableStep };

    protected override async Task<IReadOnlyList<string>> HeldItemsAsync(string party, CancellationToken ct)
    {
        var path = DocumentPath.Of(FirestoreShareStore.Collection, party).Child(FirestoreShareStore.WalletsCollection, ResharedKeys.Wallet);
        var document = await _firestore.Database.GetAsync(path, RawFields.Mapper, ct);
        return document is null ? [] : document.Value.Fields.Keys.Order().ToArray();
    }

    public override ValueTask DisposeAsync()
    {
        _firestore.Dispose();
        return base.DisposeAsync();
    }
}

/// <summary>
/// A wallet moved to a new party set by a resharing, each party with its own share store, as a coordinator runs it:
/// stage at every new party, the new set's confirmation, commit at every new party, leave at every leaving party,
/// delete the retired shares. The process is made to crash after each durable step in turn; after a restart the old
/// set or the new set still signs under the wallet's key, and resuming ends with the new set only, the leaving party
/// holding nothing but its departure record.
/// </summary>
public abstract partial class when_a_wallet_is_reshared_to_another_party_set<TStore>(ResharedKeys keys) : IClassFixture<ResharedKeys>, IAsyncLifetime
    where TStore : IShareStore, IShareResharing
{
    private readonly string _root = Directory.CreateTempSubdirectory("custody-resharing-").FullName;
    private DevFileKeyEncryptionProvider _provider = null!;

    protected ResharedKeys Keys { get; } = keys;

    protected string Root => _root;

    protected DevFileKeyEncryptionProvider Provider => _provider;

    /// <summary>Every crash point of the store with the most durable steps; each concrete class gives its own.</summary>
    public static TheoryData<string, int> CrashPoints() => CrashPointsOf(("replace", 22), ("grow", 32));

    protected static TheoryData<string, int> CrashPointsOf(params (string Scenario, int Steps)[] scenarios)
    {
        var data = new TheoryData<string, int>();
        foreach (var (scenario, steps) in scenarios)
        {
            foreach (var step in Enumerable.Range(1, steps))
            {
                data.Add(scenario, step);
            }
        }

        return data;
    }

    /// <summary>Durable steps of the whole resharing of <paramref name="scenario"/> in this store.</summary>
    protected abstract int DurableSteps(string scenario);

    /// <summary>A store of <paramref name="party"/> over the test's storage (a new object: what a restarted process opens).</summary>
    protected abstract TStore CreateStore(string party, Action<string>? afterDurableStep);

    /// <summary>The names of what the store keeps of the wallet for <paramref name="party"/> (files, or document fields).</summary>
    protected abstract Task<IReadOnlyList<string>> HeldItemsAsync(string party, CancellationToken ct);

    public ValueTask InitializeAsync()
    {
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, "party.kek") }, "Test");
        return ValueTask.CompletedTask;
    }

    public virtual ValueTask DisposeAsync()
    {
        _provider.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task a_crash_after_any_durable_step_leaves_a_wallet_the_old_or_the_new_set_signs_with(string scenario, int crashAfterStep)
    {
        var ct = TestContext.Current.CancellationToken;
        var resharing = Keys.Scenario(scenario);
        await CreateOldWalletAsync(ct);
        var steps = 0;
        var crash = await Record.ExceptionAsync(() => ReshareAsync(resharing, Stores(resharing, _ =>
        {
            if (++steps == crashAfterStep)
            {
                throw new SimulatedCrash();
            }
        }), ct));
        Assert.IsType<SimulatedCrash>(crash);

        // Restart: fresh store objects over the same storage. One of the two sets holds a threshold of one epoch.
        var restarted = Stores(resharing);
        var oldSigners = await SharesAtAsync(restarted, Keys.Old.Keys, 0, ct);
        var newSigners = await SharesAtAsync(restarted, resharing.New.Keys, resharing.Epoch, ct);
        try
        {
            Assert.True(oldSigners.Count >= 2 || newSigners.Count >= resharing.Threshold, $"after step {crashAfterStep}: {oldSigners.Count} old and {newSigners.Count} new shares");
            if (oldSigners.Count >= 2)
            {
                await ResharedKeys.AssertSignsAsync(oldSigners.Take(2).ToDictionary(), Keys.PublicKey, ct);
            }

            if (newSigners.Count >= resharing.Threshold)
            {
                await ResharedKeys.AssertSignsAsync(newSigners.Take(resharing.Threshold).ToDictionary(), Keys.PublicKey, ct);
            }
        }
        finally
        {
            DisposeAll(oldSigners.Values.Concat(newSigners.Values));
        }

        // Resume from the start (every step is idempotent): the new set only.
        await ReshareAsync(resharing, restarted, ct);
        await AssertResharedAsync(resharing, restarted, ct);
    }

    [Theory]
    [InlineData("replace")]
    [InlineData("grow")]
    public async Task a_resharing_without_crash_ends_with_the_new_set_only_and_every_new_quorum_signs(string scenario)
    {
        var ct = TestContext.Current.CancellationToken;
        var resharing = Keys.Scenario(scenario);
        await CreateOldWalletAsync(ct);
        var steps = new List<string>();
        var stores = Stores(resharing, steps.Add);
        await ReshareAsync(resharing, stores, ct);

        // The crash test enumerates every durable step of this store.
        Assert.Equal(DurableSteps(scenario), steps.Count);
        await AssertResharedAsync(resharing, stores, ct);
        var shares = await SharesAtAsync(stores, resharing.New.Keys, resharing.Epoch, ct);
        try
        {
            foreach (var quorum in Subsets(resharing.New.Keys.Order().ToArray(), resharing.Threshold))
            {
                await ResharedKeys.AssertSignsAsync(quorum.ToDictionary(p => p, p => shares[p]), Keys.PublicKey, ct);
            }
        }
        finally
        {
            DisposeAll(shares.Values);
        }

        Assert.Empty(Directory.EnumerateFiles(_root, "*.tmp-*", SearchOption.AllDirectories));
    }

    /// <summary>The resharing as a coordinator runs it (docs/signing.md "Share rotation after a resharing").</summary>
    private async Task ReshareAsync(ResharedKeys.Resharing resharing, IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var (id, share) in resharing.New.OrderBy(p => p.Key))
        {
            if (await CurrentEpochAsync(stores[id], ct) != resharing.Epoch)
            {
                await stores[id].StageReshareAsync(share, ResharedKeys.RecordOf(share), ct);
            }
        }

        var confirmation = await ConfirmAsync(resharing, stores, ct);
        foreach (var id in resharing.New.Keys.Order())
        {
            await stores[id].CommitReshareAsync(ResharedKeys.Wallet, confirmation, ct);
        }

        foreach (var id in resharing.Leaving)
        {
            await stores[id].LeaveAsync(ResharedKeys.Wallet, confirmation, ct);
        }

        foreach (var id in resharing.Staying)
        {
            await stores[id].DeleteRetiredAsync(ResharedKeys.Wallet, ct);
        }
    }

    /// <summary>The new set signs the statement, each party with the share it reads back from its own store.</summary>
    private static async Task<ReshareConfirmation> ConfirmAsync(ResharedKeys.Resharing resharing, IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        var statement = resharing.Statement;
        var shares = new Dictionary<PartyId, KeyShare>();
        try
        {
            foreach (var id in resharing.New.Keys)
            {
                shares[id] = await ShareResharing.UnsealToConfirmAsync(stores[id], statement, ct);
            }

            var signature = await InMemoryParties.SignAsync(shares, statement.Digest(), ct);
            return new ReshareConfirmation(statement, Secp256k1Signatures.ToEthereum(signature));
        }
        finally
        {
            DisposeAll(shares.Values);
        }
    }

    private async Task AssertResharedAsync(ResharedKeys.Resharing resharing, IReadOnlyDictionary<PartyId, TStore> stores, CancellationToken ct)
    {
        foreach (var id in resharing.New.Keys)
        {
            var store = stores[id];
            using (var current = await store.UnsealShareAsync(ResharedKeys.Wallet, ct))
            {
                Assert.Equal(resharing.Epoch, current.Epoch);
                Assert.Equal(resharing.New[id].Parties, current.Parties);
            }

            var record = Assert.IsType<PartyWalletRecord>(await store.FindWalletAsync(ResharedKeys.Wallet, ct));
            Assert.Equal(resharing.Threshold, record.Threshold);
            Assert.Equal(resharing.New.Keys.Select(ResharedKeys.NameOf).Order(), record.Parties.Keys.Order());
            Assert.Null(await store.UnsealStagedAsync(ResharedKeys.Wallet, ct));
            Assert.Null(await store.FindStagedWalletAsync(ResharedKeys.Wallet, ct));
            Assert.False(await store.HoldsRetiredAsync(ResharedKeys.Wallet, ct));
            await Assert.ThrowsAsync<ShareStoreException>(() => ShareRotation.UnsealAtEpochAsync(store, ResharedKeys.Wallet, 0, ct));
        }

        foreach (var id in resharing.Leaving)
        {
            await AssertLeftAsync(stores[id], ResharedKeys.NameOf(id), resharing.Epoch, ct);
        }

        var shares = await SharesAtAsync(stores, resharing.New.Keys, resharing.Epoch, ct);
        try
        {
            Assert.Equal(resharing.New.Count, shares.Count);
            await ResharedKeys.AssertSignsAsync(shares.Take(resharing.Threshold).ToDictionary(), Keys.PublicKey, ct);
        }
        finally
        {
            DisposeAll(shares.Values);
        }
    }

    /// <summary>"Nothing usable": no share or record of any epoch, only the sealed departure; every use refused.</summary>
    private async Task AssertLeftAsync(TStore store, string party, uint epoch, CancellationToken ct)
    {
        Assert.Equal(["departure" + (typeof(TStore) == typeof(FolderShareStore) ? ".sealed" : string.Empty)], await HeldItemsAsync(party, ct));
        Assert.Null(await store.FindWalletAsync(ResharedKeys.Wallet, ct));
        Assert.Equal(epoch, Assert.IsType<PartyDeparture>(await store.FindDepartureAsync(ResharedKeys.Wallet, ct)).Epoch);
        var refused = await Assert.ThrowsAsync<ShareStoreException>(() => store.UnsealShareAsync(ResharedKeys.Wallet, ct));
        Assert.Contains($"{party} left wallet {ResharedKeys.Wallet} at epoch {epoch}", refused.Message, StringComparison.Ordinal);
        Assert.Null(await store.UnsealStagedAsync(ResharedKeys.Wallet, ct));
        await Assert.ThrowsAsync<ShareStoreException>(() => ShareRotation.UnsealAtEpochAsync(store, ResharedKeys.Wallet, 0, ct));
    }

    private async Task CreateOldWalletAsync(CancellationToken ct)
    {
        foreach (var (id, share) in Keys.Old)
        {
            await CreateStore(ResharedKeys.NameOf(id), null).CreateAsync(share, ResharedKeys.RecordOf(share), ct);
        }
    }

    /// <summary>A store for every party of the old or the new set.</summary>
    private Dictionary<PartyId, TStore> Stores(ResharedKeys.Resharing resharing, Action<string>? afterDurableStep = null) =>
        Keys.Old.Keys.Union(resharing.New.Keys).Order().ToDictionary(id => id, id => CreateStore(ResharedKeys.NameOf(id), afterDurableStep));

    /// <summary>The shares at <paramref name="epoch"/> that <paramref name="parties"/>' stores still give, in party order.</summary>
    private static async Task<Dictionary<PartyId, KeyShare>> SharesAtAsync(IReadOnlyDictionary<PartyId, TStore> stores, IEnumerable<PartyId> parties, uint epoch, CancellationToken ct)
    {
        var shares = new Dictionary<PartyId, KeyShare>();
        foreach (var id in parties.Order())
        {
            try
            {
                shares[id] = await ShareRotation.UnsealAtEpochAsync(stores[id], ResharedKeys.Wallet, epoch, ct);
            }
            catch (ShareStoreException)
            {
            }
        }

        return shares;
    }

    private static async Task<uint?> CurrentEpochAsync(TStore store, CancellationToken ct)
    {
        if (await store.FindWalletAsync(ResharedKeys.Wallet, ct) is null)
        {
            return null;
        }

        using var current = await store.UnsealShareAsync(ResharedKeys.Wallet, ct);
        return current.Epoch;
    }

    private static IEnumerable<PartyId[]> Subsets(PartyId[] parties, int size) =>
        size == 0
            ? [[]]
            : Enumerable.Range(0, parties.Length - size + 1).SelectMany(i => Subsets(parties[(i + 1)..], size - 1).Select(rest => (PartyId[])[parties[i], .. rest]));

    private static void DisposeAll(IEnumerable<KeyShare> shares)
    {
        foreach (var share in shares)
        {
            share.Dispose();
        }
    }
}
