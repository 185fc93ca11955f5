using System.Security.Cryptography;
using Custody.Gcp.Firestore;
using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Presigning;
using Custody.Mpc.Protocol;
using Custody.Signing.Ledger;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>
/// Presignature shares sealed in Firestore with a durable single-use mark: of concurrent replicas consuming one
/// presignature for different messages exactly one gets a partial; a restarted process refuses a second message and
/// repeats the first; a sealed share moved to another document does not open; signatures from stored presignatures verify.
/// </summary>
public sealed class when_a_party_keeps_its_presignatures_in_firestore(FirestoreEmulator emulator) : SealedSharesOnFirestore(emulator, "fs-presign", 2, 2)
{
    private const string Wallet = "wallet-fs-presign";
    private static readonly PartyId One = PartyId.Create(1);
    private static readonly PartyId Two = PartyId.Create(2);
    private static readonly PartyId[] Signers = [One, Two];

    [Fact]
    public async Task of_concurrent_replicas_consuming_for_different_messages_exactly_one_gets_a_partial_and_a_restart_repeats_only_that()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = await StoreOnePresignatureAsync(ct);
        // Six replicas of party 1, each with its own Firestore client (as separate processes), each asked for another message.
        var replicas = Enumerable.Range(0, 6).Select(_ => new EmulatedFirestore(_emulator, _firestore.ProjectId)).ToArray();
        var messages = replicas.Select(_ => RandomNumberGenerator.GetBytes(32)).ToArray();
        var attempts = await Task.WhenAll(replicas.Select((replica, i) => ConsumeOrErrorAsync(new FirestorePresignatureStore(replica.Database, "cosigner-a", _provider), id, messages[i], ct)));
        foreach (var replica in replicas)
        {
            replica.Dispose();
        }

        var winners = attempts.Where(a => a.Consumed is not null).ToArray();
        Assert.Single(winners);
        Assert.All(attempts.Where(a => a.Consumed is null), a => Assert.True(a.Error is PresignatureRefusedException or TransactionContentionException, a.Error?.ToString()));

        using var restartedClient = new EmulatedFirestore(_emulator, _firestore.ProjectId);
        var restarted = new FirestorePresignatureStore(restartedClient.Database, "cosigner-a", _provider);
        var winnerMessage = winners[0].Consumed!.Request.MessageHash.ToArray();
        var repeated = await restarted.ConsumeAsync(Request(id, winnerMessage), ct);
        Assert.Equal(winners[0].Consumed!.W, repeated.W);
        var refused = await Assert.ThrowsAsync<PresignatureRefusedException>(() => restarted.ConsumeAsync(Request(id, RandomNumberGenerator.GetBytes(32)), ct).AsTask());
        Assert.Contains("another message", refused.Message);
        Assert.Empty(await restarted.AvailableAsync(Wallet, Signers, ct));
    }

    [Fact]
    public async Task a_sealed_share_copied_into_another_presignature_document_does_not_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await StoreOnePresignatureAsync(ct);
        var second = await StoreOnePresignatureAsync(ct);
        var store = Store();
        Assert.Equal(2, (await store.AvailableAsync(Wallet, Signers, ct)).Count);
        // A database writer copies the first share into the second document, hoping to finish it twice.
        var firstPath = DocumentPath.Of(FirestorePresignatureStore.Collection, "cosigner-a").Child(FirestorePresignatureStore.WalletsCollection, Wallet).Child(FirestorePresignatureStore.PresignaturesCollection, Convert.ToHexStringLower(first));
        var secondPath = firstPath.Parent!.Child(FirestorePresignatureStore.PresignaturesCollection, Convert.ToHexStringLower(second));
        var copied = await _firestore.Database.GetAsync(firstPath, RawFields.Mapper, ct);
        await _firestore.Database.PatchAsync(secondPath, new FieldMap { ["sealed"] = FieldValue.Bytes(copied!.Value.GetBytes("sealed").Span) }, ct: ct);

        var refused = await Assert.ThrowsAsync<PresignatureRefusedException>(() => store.ConsumeAsync(Request(second, RandomNumberGenerator.GetBytes(32)), ct).AsTask());

        Assert.Contains("cannot be unsealed", refused.Message);
        Assert.Equal(2, (await store.AvailableAsync(Wallet, Signers, ct)).Count);
    }

    [Fact]
    public async Task signatures_from_presignatures_stored_in_firestore_verify()
    {
        var ct = TestContext.Current.CancellationToken;
        var stores = new Dictionary<PartyId, IPresignatureStore> { [One] = Store("cosigner-a"), [Two] = Store("cosigner-b") };
        var presignatures = await InMemoryParties.PresignAsync(_shares, Signers, Wallet, ct);
        foreach (var (party, presignature) in presignatures)
        {
            await stores[party].AddAsync(presignature, ct);
        }

        var hash = RandomNumberGenerator.GetBytes(32);
        var signatures = await InMemoryParties.SignFromPresignatureAsync(_shares, stores, Signers, Wallet, presignatures[One].Id.ToArray(), hash, ct);

        var publicKey = _shares[One].PublicKey.EncodeUncompressed();
        using var ecdsa = ECDsa.Create(new ECParameters { Curve = ECCurve.CreateFromOid(new Oid("1.3.132.0.10")), Q = new ECPoint { X = publicKey[1..33], Y = publicKey[33..] } });
        Assert.All(signatures, s => Assert.True(ecdsa.VerifyHash(hash, s.ToCompact(), DSASignatureFormat.IeeeP1363FixedFieldConcatenation)));
    }

    private FirestorePresignatureStore Store(string party = "cosigner-a") => new(_firestore.Database, party, _provider);

    private PresignatureRequest Request(byte[] id, byte[] messageHash) => new(Wallet, id, _shares[One], Signers, messageHash);

    /// <summary>Runs presigning and stores party 1's share as cosigner-a; returns the id.</summary>
    private async Task<byte[]> StoreOnePresignatureAsync(CancellationToken ct)
    {
        var presignatures = await InMemoryParties.PresignAsync(_shares, Signers, Wallet, ct);
        var id = presignatures[One].Id.ToArray();
        await Store().AddAsync(presignatures[One], ct);
        foreach (var presignature in presignatures.Values)
        {
            presignature.Dispose();
        }

        return id;
    }

    private async Task<(ConsumedPresignature? Consumed, Exception? Error)> ConsumeOrErrorAsync(IPresignatureStore store, byte[] id, byte[] messageHash, CancellationToken ct)
    {
        try
        {
            return (await store.ConsumeAsync(Request(id, messageHash), ct), null);
        }
        catch (Exception e) when (e is PresignatureRefusedException or TransactionContentionException)
        {
            return (null, e);
        }
    }
}
