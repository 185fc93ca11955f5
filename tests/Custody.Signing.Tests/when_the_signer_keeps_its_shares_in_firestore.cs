using Custody.Ethereum;
using Custody.Gcp.Firestore;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Signing.Shares;
using Custody.Testing;

namespace Custody.Signing.Tests;

public sealed class when_the_signer_keeps_its_shares_in_firestore(FirestoreEmulator emulator) : SealedSharesOnFirestore(emulator, "fs-shares", 2, 3)
{
    private FirestoreShareStore Store(string party = "signer") => new(_firestore.Database, party, _provider);

    private static PartyWalletRecord RecordOf(KeyShare share, string party = "signer")
    {
        var publicKey = share.PublicKey.Encode();
        return new PartyWalletRecord("treasury-1", party, Convert.ToHexStringLower(share.KeyId), Convert.ToHexStringLower(publicKey),
            Address.FromPublicKey(publicKey).ToString(), share.Threshold,
            new Dictionary<string, int> { ["signer"] = 1, ["cosigner-a"] = 2, ["cosigner-b"] = 3 }, [1UL]);
    }

    [Fact]
    public async Task the_share_round_trips_and_firestore_holds_only_ciphertext()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(1)];
        await Store().CreateAsync(share, RecordOf(share), ct);

        using var reloaded = await Store().UnsealShareAsync("treasury-1", ct);
        var raw = await _firestore.Database.GetAsync(DocumentPath.Of(FirestoreShareStore.Collection, "signer").Child(FirestoreShareStore.WalletsCollection, "treasury-1"), RawFields.Mapper, ct);

        Assert.Equal(share.PublicKey.Encode(), reloaded.PublicKey.Encode());
        Assert.Equal(RecordOf(share).Address, (await Store().FindWalletAsync("treasury-1", ct))!.Address);
        var stored = raw!.Value.GetBytes("record").ToArray();
        Assert.DoesNotContain(RecordOf(share).Address, System.Text.Encoding.UTF8.GetString(stored), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task a_second_ceremony_and_a_stranger_are_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(1)];
        await Store().CreateAsync(share, RecordOf(share), ct);

        await Assert.ThrowsAsync<ShareStoreException>(() => Store().CreateAsync(share, RecordOf(share), ct));
        Assert.Null(await Store("cosigner-a").FindWalletAsync("treasury-1", ct));
    }

    [Fact]
    public async Task a_document_swapped_in_from_another_party_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var mine = _shares[PartyId.Create(1)];
        var theirs = _shares[PartyId.Create(2)];
        await Store().CreateAsync(mine, RecordOf(mine), ct);
        await Store("cosigner-a").CreateAsync(theirs, RecordOf(theirs, "cosigner-a"), ct);
        var theirPath = DocumentPath.Of(FirestoreShareStore.Collection, "cosigner-a").Child(FirestoreShareStore.WalletsCollection, "treasury-1");
        var myPath = DocumentPath.Of(FirestoreShareStore.Collection, "signer").Child(FirestoreShareStore.WalletsCollection, "treasury-1");
        var copied = (await _firestore.Database.GetAsync(theirPath, RawFields.Mapper, ct))!.Value;
        await _firestore.Database.SetAsync(myPath, copied, RawFields.Mapper, ct);

        await Assert.ThrowsAsync<ShareStoreException>(() => Store().UnsealShareAsync("treasury-1", ct));
    }

    [Fact]
    public async Task an_update_of_a_share_of_another_key_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        var share = _shares[PartyId.Create(1)];
        await Store().CreateAsync(share, RecordOf(share), ct);
        using var otherKey = (await InMemoryParties.DkgAsync(2, 3, ct))[PartyId.Create(1)];

        await Assert.ThrowsAsync<ShareStoreException>(() => Store().UpdateShareAsync("treasury-1", otherKey, ct));
        await Store().UpdateShareAsync("treasury-1", share, ct);
        using var reloaded = await Store().UnsealShareAsync("treasury-1", ct);
        Assert.Equal(share.KeyId.ToArray(), reloaded.KeyId.ToArray());
    }
}
