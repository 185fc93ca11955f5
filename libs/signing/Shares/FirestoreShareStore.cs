using System.Security.Cryptography;
using System.Text.Json;
using Custody.Gcp.Firestore;
using Custody.Keys.Sealing;
using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// An <see cref="IShareStore"/> in Firestore, for a party without a persistent disk of its own (the signer in
/// Confidential Space): <c>partyShares/{party}/wallets/{walletId}</c> holds the sealed share and the sealed wallet
/// record. Sealing is the same as <see cref="FolderShareStore"/> (wallet and party in the associated data), so the
/// database holds ciphertext only and whoever can write it can at most make the party refuse, never sign with another
/// key: every read checks the record against the share beside it. The first write is a create that fails when the
/// document exists; a share update is conditional on the version read.
/// </summary>
public sealed class FirestoreShareStore : IShareStore
{
    public const string Collection = "partyShares";
    public const string WalletsCollection = "wallets";

    private readonly FirestoreDatabase _database;
    private readonly string _party;
    private readonly KeySealer _sealer;

    public FirestoreShareStore(FirestoreDatabase database, string party, IKeyEncryptionProvider provider)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(provider);
        DocumentPath.ValidateSegment(party);
        _database = database;
        _party = party;
        _sealer = new KeySealer(provider);
    }

    public async Task CreateAsync(KeyShare share, PartyWalletRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(record);
        ShareRecordMatch.Ensure(share, record, _party);
        var recordBytes = JsonSerializer.SerializeToUtf8Bytes(record, PartyWalletRecordJson.Default.PartyWalletRecord);
        var sealedRecord = await _sealer.SealAsync(recordBytes, ShareContexts.Record(record.WalletId, _party), cancellationToken).ConfigureAwait(false);
        var sealedShare = await SealShareAsync(record.WalletId, share, cancellationToken).ConfigureAwait(false);
        try
        {
            await _database.CreateAsync(PathOf(record.WalletId), new FieldMap
            {
                ["share"] = FieldValue.Bytes(sealedShare),
                ["record"] = FieldValue.Bytes(sealedRecord),
            }, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException e)
        {
            throw new ShareStoreException($"{_party} already holds a share of wallet {record.WalletId}; a second key ceremony for it is refused.", e);
        }
    }

    public async Task<PartyWalletRecord?> FindWalletAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return document is null ? null : await OpenRecordAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        var record = await OpenRecordAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false);
        using var plaintext = await OpenAsync(document.Value.GetBytes("share"), ShareContexts.Share(walletId, _party), "share", cancellationToken).ConfigureAwait(false);
        return ShareRecordMatch.Open(plaintext.Span, record, _party);
    }

    public async Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to update");
        var record = await OpenRecordAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false);
        ShareRecordMatch.Ensure(share, record, _party);
        var fields = new FieldMap
        {
            ["share"] = FieldValue.Bytes(await SealShareAsync(walletId, share, cancellationToken).ConfigureAwait(false)),
            ["record"] = FieldValue.Bytes(document.Value.GetBytes("record").Span),
        };
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
    }

    private DocumentPath PathOf(string walletId)
    {
        _ = ShareContexts.Share(walletId, _party);
        return DocumentPath.Of(Collection, _party).Child(WalletsCollection, walletId);
    }

    private async Task<byte[]> SealShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        var plaintext = KeyShareCodec.Serialize(share);
        try
        {
            return await _sealer.SealAsync(plaintext, ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task<PartyWalletRecord> OpenRecordAsync(string walletId, FieldMap fields, CancellationToken cancellationToken)
    {
        using var plaintext = await OpenAsync(fields.GetBytes("record"), ShareContexts.Record(walletId, _party), "wallet record", cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadRecord(plaintext.Span, walletId, _party);
    }

    private async Task<Keys.SecretBytes> OpenAsync(ReadOnlyMemory<byte> sealedBytes, SealingContext context, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _sealer.UnsealAsync(sealedBytes, context, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySealingException e)
        {
            throw new ShareStoreException($"the {what} of {_party} for wallet {context.WalletId} cannot be unsealed: {e.Message}", e);
        }
    }
}
