using Custody.Gcp.Firestore;
using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>The Firestore store's rotation steps (<see cref="IShareRotation"/>, docs/signing.md "Share rotation").</summary>
public sealed partial class FirestoreShareStore
{
    /// <summary>Test seam: called after each durable write of a rotation with its name; throwing simulates a crash there.</summary>
    internal Action<string>? AfterDurableStep { get; set; }

    public async Task StageAsync(string walletId, KeyShare next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        EnsureNoResharingStaged(walletId, document.Value);
        using (var current = await OpenCurrentAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false))
        {
            ShareRotation.EnsureSuccessor(current, next, walletId);
        }

        var fields = Without(document.Value, StagedField);
        fields[StagedField] = FieldValue.Bytes(await SealShareAsync(walletId, next, cancellationToken).ConfigureAwait(false));
        await _database.UpdateAsync(PathOf(walletId), fields, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged");
    }

    /// <summary>The staged share, checked against the staged record of a resharing or else the current record; null when none is staged.</summary>
    public async Task<KeyShare?> UnsealStagedAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        if (document is null || !document.Value.Contains(StagedField))
        {
            return null;
        }

        var recordField = document.Value.Contains(StagedRecordField) ? StagedRecordField : RecordField;
        return await OpenShareAsync(walletId, document.Value, StagedField, recordField, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(string walletId, uint epoch, CancellationToken cancellationToken)
    {
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        EnsureNoResharingStaged(walletId, document.Value);
        using (var current = await OpenCurrentAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false))
        {
            if (current.Epoch == epoch)
            {
                return;
            }

            if (!document.Value.Contains(StagedField))
            {
                throw new ShareStoreException($"wallet {walletId}: no staged share to commit (current epoch {current.Epoch})");
            }

            using var staged = await OpenShareAsync(walletId, document.Value, StagedField, RecordField, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Removes the retired share and the retired record a resharing leaves, in one write.</summary>
    public async Task DeleteRetiredAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        if (document.Value.Contains(RetiredField) || document.Value.Contains(RetiredRecordField))
        {
            await _database.UpdateAsync(PathOf(walletId), Without(document.Value, RetiredField, RetiredRecordField), RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        }

        AfterDurableStep?.Invoke("retired-deleted");
    }

    public async Task<bool> HoldsRetiredAsync(string walletId, CancellationToken cancellationToken) =>
        (await GetAsync(walletId, cancellationToken).ConfigureAwait(false)).Value.Contains(RetiredField);

    private void EnsureNoResharingStaged(string walletId, FieldMap fields)
    {
        if (fields.Contains(StagedRecordField))
        {
            throw new ShareStoreException($"wallet {walletId}: a resharing is staged at {_party}; commit or restage it, a refresh cannot replace it");
        }
    }
}
