using Custody.Gcp.Firestore;
using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// The Firestore store's resharing steps (<see cref="IShareResharing"/>, docs/signing.md "Share rotation after a
/// resharing"), each one conditional document write: stage sets <c>next</c> and <c>nextRecord</c> (creating the
/// document for a joining party); commit moves <c>share</c>/<c>record</c> to <c>retired</c>/<c>retiredRecord</c> and
/// <c>next</c>/<c>nextRecord</c> to <c>share</c>/<c>record</c>; leave replaces every field with the sealed
/// <c>departure</c>.
/// </summary>
public sealed partial class FirestoreShareStore
{
    public async Task StageReshareAsync(KeyShare next, PartyWalletRecord nextRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(nextRecord);
        var walletId = nextRecord.WalletId;
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        var fields = document?.Value ?? new FieldMap();
        var departure = fields.Contains(DepartureField) ? await OpenDepartureAsync(walletId, fields, cancellationToken).ConfigureAwait(false) : null;
        if (departure is null && fields.Contains(ShareField))
        {
            if (fields.Contains(StagedField) && !fields.Contains(StagedRecordField))
            {
                throw new ShareStoreException($"wallet {walletId}: a refresh is staged at {_party}; commit it before a resharing");
            }

            using var current = await OpenCurrentAsync(walletId, fields, cancellationToken).ConfigureAwait(false);
            var record = await OpenRecordAsync(walletId, fields, RecordField, cancellationToken).ConfigureAwait(false);
            ShareResharing.EnsureSuccessor(current, record, null, next, nextRecord, _party);
        }
        else
        {
            ShareResharing.EnsureSuccessor(null, null, departure, next, nextRecord, _party);
        }

        var staged = Without(fields, StagedField, StagedRecordField);
        staged[StagedField] = FieldValue.Bytes(await SealShareAsync(walletId, next, cancellationToken).ConfigureAwait(false));
        staged[StagedRecordField] = FieldValue.Bytes(await _sealer.SealAsync(ShareContexts.WriteRecord(nextRecord), ShareContexts.Record(walletId, _party), cancellationToken).ConfigureAwait(false));
        if (document is null)
        {
            await _database.CreateAsync(PathOf(walletId), staged, RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _database.UpdateAsync(PathOf(walletId), staged, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        }

        AfterDurableStep?.Invoke("staged");
    }

    public async Task<PartyWalletRecord?> FindStagedWalletAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return document is not null && document.Value.Contains(StagedRecordField)
            ? await OpenRecordAsync(walletId, document.Value, StagedRecordField, cancellationToken).ConfigureAwait(false)
            : null;
    }

    public async Task CommitReshareAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        var fields = document.Value;
        if (!fields.Contains(StagedRecordField))
        {
            // Committed already (a no-op), but only to the confirmed record and share.
            using var committed = await OpenCurrentAsync(walletId, fields, cancellationToken).ConfigureAwait(false);
            confirmation.EnsureConfirms(await OpenRecordAsync(walletId, fields, RecordField, cancellationToken).ConfigureAwait(false), committed);
            return;
        }

        if (!fields.Contains(StagedField))
        {
            throw new ShareStoreException($"wallet {walletId}: the resharing's share is not staged at {_party} (only its record)");
        }

        var stagedRecord = await OpenRecordAsync(walletId, fields, StagedRecordField, cancellationToken).ConfigureAwait(false);
        var staying = fields.Contains(ShareField) && !fields.Contains(DepartureField);
        using (var staged = await OpenShareAsync(walletId, fields, StagedField, StagedRecordField, cancellationToken).ConfigureAwait(false))
        {
            confirmation.EnsureConfirms(stagedRecord, staged);
            if (staying)
            {
                using var current = await OpenCurrentAsync(walletId, fields, cancellationToken).ConfigureAwait(false);
                ShareResharing.EnsureSuccessor(current, await OpenRecordAsync(walletId, fields, RecordField, cancellationToken).ConfigureAwait(false), null, staged, stagedRecord, _party);
            }
            else
            {
                var departure = fields.Contains(DepartureField) ? await OpenDepartureAsync(walletId, fields, cancellationToken).ConfigureAwait(false) : null;
                ShareResharing.EnsureSuccessor(null, null, departure, staged, stagedRecord, _party);
            }
        }

        // One conditional write: the old share and record become retired (a staying party), the staged ones current.
        var next = Without(fields, ShareField, RecordField, StagedField, StagedRecordField, RetiredField, RetiredRecordField, DepartureField);
        if (staying)
        {
            next[RetiredField] = FieldValue.Bytes(fields.GetBytes(ShareField).Span);
            next[RetiredRecordField] = FieldValue.Bytes(fields.GetBytes(RecordField).Span);
        }

        next[ShareField] = FieldValue.Bytes(fields.GetBytes(StagedField).Span);
        next[RecordField] = FieldValue.Bytes(fields.GetBytes(StagedRecordField).Span);
        await _database.UpdateAsync(PathOf(walletId), next, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("committed");
    }

    public async Task LeaveAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var document = await GetAsync(walletId, cancellationToken).ConfigureAwait(false);
        if (document.Value.Contains(DepartureField))
        {
            return;
        }

        var record = await OpenRecordAsync(walletId, document.Value, RecordField, cancellationToken).ConfigureAwait(false);
        using (var current = await OpenCurrentAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false))
        {
            confirmation.EnsureReleases(record, current);
        }

        // One conditional write: the departure replaces every share and record field.
        var departure = new PartyDeparture(walletId, _party, record.KeyId, confirmation.Statement.Epoch);
        var left = new FieldMap
        {
            [DepartureField] = FieldValue.Bytes(await _sealer.SealAsync(ShareContexts.WriteDeparture(departure), ShareContexts.Departure(walletId, _party), cancellationToken).ConfigureAwait(false)),
        };
        await _database.UpdateAsync(PathOf(walletId), left, RawFields.Mapper, document.UpdateTime, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("departed");
    }

    public async Task<PartyDeparture?> FindDepartureAsync(string walletId, CancellationToken cancellationToken)
    {
        var document = await _database.GetAsync(PathOf(walletId), RawFields.Mapper, cancellationToken).ConfigureAwait(false);
        return document is not null && document.Value.Contains(DepartureField)
            ? await OpenDepartureAsync(walletId, document.Value, cancellationToken).ConfigureAwait(false)
            : null;
    }
}
