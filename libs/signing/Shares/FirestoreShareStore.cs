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
/// document exists; a share update is conditional on the version read. Rotation (<see cref="IShareRotation"/>): the
/// staged share is the document's <c>next</c> field; a commit is one conditional write that moves <c>share</c> to
/// <c>retired</c> and <c>next</c> to <c>share</c>; deleting the retired share removes that field.
/// </summary>
public sealed class FirestoreShareStore : IShareStore, IShareRotation
{
    private const string ShareField = "share";
    private const string StagedField = "next";
    private const string RetiredField = "retired";

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

    public async Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken) =>
        await OpenShareAsync(walletId, (await GetAsync(walletId, cancellationToken).ConfigureAwait(false)).Value, ShareField, cancellationToken).ConfigureAwait(false);

    public async Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to update");
        var record = await OpenRecordAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false);
        ShareRecordMatch.Ensure(share, record, _party);
        var fields = Without(document.Value, ShareField);
        fields[ShareField] = FieldValue.Bytes(await SealShareAsync(walletId, share, cancellationToken).ConfigureAwait(false));
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Test seam: called after each durable write of a rotation with its name; throwing simulates a crash there.</summary>
    internal Action<string>? AfterDurableStep { get; set; }

    public async Task StageAsync(string walletId, KeyShare next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        using (var current = await OpenShareAsync(walletId, document.Value, ShareField, cancellationToken).ConfigureAwait(false))
        {
            ShareRotation.EnsureSuccessor(current, next, walletId);
        }

        var fields = Without(document.Value, StagedField);
        fields[StagedField] = FieldValue.Bytes(await SealShareAsync(walletId, next, cancellationToken).ConfigureAwait(false));
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged");
    }

    public async Task<KeyShare?> UnsealStagedAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        return document.Value.Contains(StagedField) ? await OpenShareAsync(walletId, document.Value, StagedField, cancellationToken).ConfigureAwait(false) : null;
    }

    public async Task CommitAsync(string walletId, uint epoch, CancellationToken cancellationToken)
    {
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        using (var current = await OpenShareAsync(walletId, document.Value, ShareField, cancellationToken).ConfigureAwait(false))
        {
            if (current.Epoch == epoch)
            {
                return;
            }

            if (!document.Value.Contains(StagedField))
            {
                throw new ShareStoreException($"wallet {walletId}: no staged share to commit (current epoch {current.Epoch})");
            }

            using var staged = await OpenShareAsync(walletId, document.Value, StagedField, cancellationToken).ConfigureAwait(false);
            if (staged.Epoch != epoch)
            {
                throw new ShareStoreException($"wallet {walletId}: the staged share has epoch {staged.Epoch}, not {epoch}");
            }

            ShareRotation.EnsureSuccessor(current, staged, walletId);
        }

        // One conditional write: the old share becomes retired, the staged one current.
        var fields = Without(document.Value, ShareField, StagedField, RetiredField);
        fields[RetiredField] = FieldValue.Bytes(document.Value.GetBytes(ShareField).Span);
        fields[ShareField] = FieldValue.Bytes(document.Value.GetBytes(StagedField).Span);
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("committed");
    }

    public async Task DeleteRetiredAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        if (document.Value.Contains(RetiredField))
        {
            await _database.UpdateAsync(PathOf(walletId), Without(document.Value, RetiredField), RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        }

        AfterDurableStep?.Invoke("retired-deleted");
    }

    public async Task<bool> HoldsRetiredAsync(string walletId, CancellationToken cancellationToken) =>
        (await GetAsync(walletId, cancellationToken).ConfigureAwait(false)).Value.Contains(RetiredField);

    private async Task<DocumentSnapshot<FieldMap>> GetAsync(string walletId, CancellationToken cancellationToken) =>
        await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");

    private async Task<KeyShare> OpenShareAsync(string walletId, FieldMap fields, string field, CancellationToken cancellationToken)
    {
        var record = await OpenRecordAsync(walletId, fields, cancellationToken).ConfigureAwait(false);
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
