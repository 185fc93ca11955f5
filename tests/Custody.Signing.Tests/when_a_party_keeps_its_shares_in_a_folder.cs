using Custody.Ethereum;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Shares;

namespace Custody.Signing.Tests;

public sealed class when_a_party_keeps_its_shares_in_a_folder : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("custody-shares-").FullName;
    private DevFileKeyEncryptionProvider _provider = null!;
    private IReadOnlyDictionary<PartyId, KeyShare> _shares = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, "party.kek") }, "Test");
        _shares = await InMemoryParties.DkgAsync(2, 3, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var share in _shares.Values)
        {
            share.Dispose();
        }

        _provider.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private FolderShareStore Store(string party = "cosigner-a") => new(Path.Combine(_root, "shares"), party, _provider);

    private PartyWalletRecord RecordOf(KeyShare share, string walletId = "treasury-1", string party = "cosigner-a")
    {
        var publicKey = share.PublicKey.Encode();
        return new PartyWalletRecord(
            walletId, party, Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey),
            Address.FromPublicKey(publicKey).ToString(), share.Threshold,
            new Dictionary<string, int> { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 }, [1UL]);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task a_stored_share_unseals_to_the_same_key_and_files_are_private()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        await Store().CreateAsync(share, RecordOf(share), ct);

        using var reloaded = await Store().UnsealShareAsync("treasury-1", ct);
        var record = await Store().FindWalletAsync("treasury-1", ct);

        Assert.Equal(share.KeyId.ToArray(), reloaded.KeyId.ToArray());
        Assert.Equal(share.PublicKey.Encode(), reloaded.PublicKey.Encode());
        Assert.Equal(RecordOf(share).Address, record!.Address);
        var file = Path.Combine(_root, "shares", "treasury-1", "share.sealed");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Null(await Store().FindWalletAsync("unknown-wallet", ct));
    }

    [Fact]
    public async Task a_second_ceremony_for_a_held_wallet_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        await Store().CreateAsync(share, RecordOf(share), ct);

        var error = await Assert.ThrowsAsync<ShareStoreException>(() => Store().CreateAsync(share, RecordOf(share), ct));

        Assert.Contains("already holds a share of wallet treasury-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_record_that_does_not_describe_the_share_is_refused_before_anything_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        var other = _shares[PartyId.Create(3)];

        var wrongAddress = RecordOf(share) with { Address = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed" };
        var wrongParty = RecordOf(other);
        var wrongThreshold = RecordOf(share) with { Threshold = 3 };

        Assert.Contains("address", (await Assert.ThrowsAsync<ShareStoreException>(() => Store().CreateAsync(share, wrongAddress, ct))).Message, StringComparison.Ordinal);
        Assert.Contains("party id", (await Assert.ThrowsAsync<ShareStoreException>(() => Store().CreateAsync(other, wrongParty, ct))).Message, StringComparison.Ordinal);
        Assert.Contains("threshold", (await Assert.ThrowsAsync<ShareStoreException>(() => Store().CreateAsync(share, wrongThreshold, ct))).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_root, "shares", "treasury-1")));
    }

    [Fact]
    public async Task an_altered_share_file_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        await Store().CreateAsync(share, RecordOf(share), ct);
        var file = Path.Combine(_root, "shares", "treasury-1", "share.sealed");
        var bytes = await File.ReadAllBytesAsync(file, ct);
        bytes[^5] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes, ct);

        var error = await Assert.ThrowsAsync<ShareStoreException>(() => Store().UnsealShareAsync("treasury-1", ct));

        Assert.Contains("cannot be unsealed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task files_moved_to_another_wallet_or_read_as_another_party_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        await Store().CreateAsync(share, RecordOf(share), ct);
        var moved = Path.Combine(_root, "shares", "treasury-2");
        Directory.CreateDirectory(moved);
        foreach (var file in Directory.GetFiles(Path.Combine(_root, "shares", "treasury-1")))
        {
            File.Copy(file, Path.Combine(moved, Path.GetFileName(file)));
        }

        // The sealing context binds wallet and party: a copy under another wallet id, or read by another party, does not open.
        await Assert.ThrowsAsync<ShareStoreException>(() => Store().FindWalletAsync("treasury-2", ct));
        await Assert.ThrowsAsync<ShareStoreException>(() => Store("cosigner-b").UnsealShareAsync("treasury-1", ct));
    }

    [Fact]
    public async Task a_swapped_share_beside_the_record_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(2)];
        await Store().CreateAsync(share, RecordOf(share), ct);
        using var otherKey = (await InMemoryParties.DkgAsync(2, 3, ct))[PartyId.Create(2)];
        await Assert.ThrowsAsync<ShareStoreException>(() => Store().UpdateShareAsync("treasury-1", otherKey, ct));
        // A share of another key, validly sealed for the same wallet and party (by a store elsewhere), put in its place.
        var elsewhere = new FolderShareStore(Path.Combine(_root, "elsewhere"), "cosigner-a", _provider);
        await elsewhere.CreateAsync(otherKey, RecordOf(otherKey), ct);
        File.Copy(Path.Combine(_root, "elsewhere", "treasury-1", "share.sealed"), Path.Combine(_root, "shares", "treasury-1", "share.sealed"), overwrite: true);

        var error = await Assert.ThrowsAsync<ShareStoreException>(() => Store().UnsealShareAsync("treasury-1", ct));

        Assert.Contains("key id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task a_wallet_id_that_would_leave_the_folder_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await Assert.ThrowsAnyAsync<Exception>(() => Store().FindWalletAsync("../escape", ct));
        await Assert.ThrowsAnyAsync<Exception>(() => Store().FindWalletAsync("..", ct));
    }
}
