using System.Security.Cryptography;
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
/// document exists; a share update is conditional on the version read. Rotation (<see cref="IShareRotation"/>): the
/// staged share is the document's <c>next</c> field; a commit is one conditional write that moves <c>share</c> to
/// <c>retired</c> and <c>next</c> to <c>share</c>; deleting the retired share removes that field. A resharing
/// (<see cref="IShareResharing"/>) moves the wallet record with the share (<c>nextRecord</c>, <c>retiredRecord</c>),
/// and a party that leaves keeps only the sealed <c>departure</c> field (FirestoreShareStore.Resharing.cs).
/// </summary>
public sealed partial class FirestoreShareStore : IShareStore, IShareResharing
{
    private const string ShareField = "share";
    private const string StagedField = "next";
    private const string RetiredField = "retired";
    private const string RecordField = "record";
    private const string StagedRecordField = "nextRecord";
    private const string RetiredRecordField = "retiredRecord";
    private const string DepartureField = "departure";

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
        var sealedRecord = await _sealer.SealAsync(ShareContexts.WriteRecord(record), ShareContexts.Record(record.WalletId, _party), cancellationToken).ConfigureAwait(false);
        var sealedShare = await SealShareAsync(record.WalletId, share, cancellationToken).ConfigureAwait(false);
        try
        {
            await _database.CreateAsync(PathOf(record.WalletId), new FieldMap
            {
                [ShareField] = FieldValue.Bytes(sealedShare),
                [RecordField] = FieldValue.Bytes(sealedRecord),
            }, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        }
        catch (DocumentAlreadyExistsException e)
        {
            throw new ShareStoreException($"{_party} already holds a share of wallet {record.WalletId} (or left it); a second key ceremony for it is refused.", e);
        }
    }

    /// <summary>This party's current record of the wallet; null when it holds none (or only a staged one) or has left the wallet.</summary>
    public async Task<PartyWalletRecord?> FindWalletAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return document is null || document.Value.Contains(DepartureField) || !document.Value.Contains(RecordField)
            ? null
            : await OpenRecordAsync(walletId, document.Value, RecordField, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken) =>
        await OpenCurrentAsync(walletId, (await GetAsync(walletId, cancellationToken).ConfigureAwait(false)).Value, cancellationToken).ConfigureAwait(false);

    public async Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        if (document is null || document.Value.Contains(DepartureField) || !document.Value.Contains(RecordField))
        {
            throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to update");
        }

        var record = await OpenRecordAsync(walletId, document.Value, RecordField, cancellationToken).ConfigureAwait(false);
        ShareRecordMatch.Ensure(share, record, _party);
        var fields = Without(document.Value, ShareField);
        fields[ShareField] = FieldValue.Bytes(await SealShareAsync(walletId, share, cancellationToken).ConfigureAwait(false));
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
    }

    private async Task<DocumentSnapshot<FieldMap>> GetAsync(string walletId, CancellationToken cancellationToken) =>
        await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");

    /// <summary>The current share checked against the current record; refused when this party left or holds no current share.</summary>
    private async Task<KeyShare> OpenCurrentAsync(string walletId, FieldMap fields, CancellationToken cancellationToken)
    {
        if (fields.Contains(DepartureField))
        {
            var departure = await OpenDepartureAsync(walletId, fields, cancellationToken).ConfigureAwait(false);
            throw new ShareStoreException($"{_party} left wallet {walletId} at epoch {departure.Epoch} and holds no share of it");
        }

        if (!fields.Contains(ShareField) || !fields.Contains(RecordField))
        {
            throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        }

        return await OpenShareAsync(walletId, fields, ShareField, RecordField, cancellationToken).ConfigureAwait(false);
    }

    private async Task<KeyShare> OpenShareAsync(string walletId, FieldMap fields, string field, string recordField, CancellationToken cancellationToken)
    {
        var record = await OpenRecordAsync(walletId, fields, recordField, cancellationToken).ConfigureAwait(false);
        using var plaintext = await OpenAsync(fields.GetBytes(field), ShareContexts.Share(walletId, _party), field == ShareField ? "share" : field + " share", cancellationToken).ConfigureAwait(false);
        return ShareRecordMatch.Open(plaintext.Span, record, _party);
    }

    private static FieldMap Without(FieldMap fields, params string[] names) =>
        new(fields.Fields.Where(f => !names.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value));

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

    private async Task<PartyWalletRecord> OpenRecordAsync(string walletId, FieldMap fields, string field, CancellationToken cancellationToken)
    {
        using var plaintext = await OpenAsync(fields.GetBytes(field), ShareContexts.Record(walletId, _party), field == RecordField ? "wallet record" : field + " wallet record", cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadRecord(plaintext.Span, walletId, _party);
    }

    private async Task<PartyDeparture> OpenDepartureAsync(string walletId, FieldMap fields, CancellationToken cancellationToken)
    {
        using var plaintext = await OpenAsync(fields.GetBytes(DepartureField), ShareContexts.Departure(walletId, _party), "departure record", cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadDeparture(plaintext.Span, walletId, _party);
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
