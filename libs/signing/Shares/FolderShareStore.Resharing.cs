using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>
/// The folder store's resharing steps (<see cref="IShareResharing"/>, docs/signing.md "Share rotation after a
/// resharing"). Staged: <c>wallet.next.sealed</c> then <c>share.next.sealed</c>. Commit: copy the current record and
/// share to <c>wallet.retired.sealed</c> and <c>share.retired.sealed</c>, rename the staged record over the current one
/// (the decision: from here on the wallet is the new party set's at this party), rename the staged share over the
/// current one. Between the two renames the current share is read from <c>share.next.sealed</c>, the only one that
/// matches the record (<see cref="OpenCurrentAsync"/>). Leave: write <c>departure.sealed</c> (from here on the wallet is
/// refused), then delete every share and record file.
/// </summary>
public sealed partial class FolderShareStore
{
    public async Task StageReshareAsync(KeyShare next, PartyWalletRecord nextRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(nextRecord);
        var walletId = nextRecord.WalletId;
        var folder = WalletFolder(walletId);
        var departure = await FindDepartureAsync(walletId, cancellationToken).ConfigureAwait(false);
        var record = departure is null ? await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false) : null;
        if (record is null)
        {
            ShareResharing.EnsureSuccessor(null, null, departure, next, nextRecord, _party);
        }
        else
        {
            using var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false);
            EnsureCommitFinished(walletId, current);
            if (!File.Exists(Path.Combine(folder, StagedWalletFile)) && File.Exists(Path.Combine(folder, StagedFile)))
            {
                throw new ShareStoreException($"wallet {walletId}: a refresh is staged at {_party}; commit it before a resharing");
            }

            ShareResharing.EnsureSuccessor(current.Share, record, null, next, nextRecord, _party);
        }

        CreatePrivateFolder(_root);
        CreatePrivateFolder(folder);
        await WriteSealedAsync(Path.Combine(folder, StagedWalletFile), ShareContexts.WriteRecord(nextRecord), ShareContexts.Record(walletId, _party), cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged-record");
        await WriteShareAsync(walletId, next, cancellationToken, StagedFile).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged");
    }

    public Task<PartyWalletRecord?> FindStagedWalletAsync(string walletId, CancellationToken cancellationToken) =>
        ReadRecordAsync(walletId, StagedWalletFile, cancellationToken);

    public async Task CommitReshareAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var folder = WalletFolder(walletId);
        var stagedRecord = await ReadRecordAsync(walletId, StagedWalletFile, cancellationToken).ConfigureAwait(false);
        if (stagedRecord is null)
        {
            await FinishCommitAsync(walletId, confirmation, cancellationToken).ConfigureAwait(false);
            return;
        }

        using (var staged = await OpenShareAsync(walletId, StagedFile, stagedRecord, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"wallet {walletId}: the resharing's share is not staged at {_party} (only its record)"))
        {
            confirmation.EnsureConfirms(stagedRecord, staged);
            var departure = await FindDepartureAsync(walletId, cancellationToken).ConfigureAwait(false);
            var record = departure is null ? await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false) : null;
            if (record is not null)
            {
                using var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false);
                ShareResharing.EnsureSuccessor(current.Share, record, null, staged, stagedRecord, _party);
            }
            else
            {
                ShareResharing.EnsureSuccessor(null, null, departure, staged, stagedRecord, _party);
            }

            if (record is not null)
            {
                await CopyAsync(folder, WalletFile, RetiredWalletFile, cancellationToken).ConfigureAwait(false);
                AfterDurableStep?.Invoke("retired-record-copied");
                await CopyAsync(folder, ShareFile, RetiredFile, cancellationToken).ConfigureAwait(false);
                AfterDurableStep?.Invoke("retired-copied");
            }
            else if (departure is not null)
            {
                // Added back after leaving: the departure goes first; the staged files stay readable as staged.
                File.Delete(Path.Combine(folder, DepartureFile));
                AfterDurableStep?.Invoke("departure-cleared");
            }
        }

        File.Move(Path.Combine(folder, StagedWalletFile), Path.Combine(folder, WalletFile), overwrite: true);
        AfterDurableStep?.Invoke("record-committed");
        File.Move(Path.Combine(folder, StagedFile), Path.Combine(folder, ShareFile), overwrite: true);
        AfterDurableStep?.Invoke("committed");
    }

    public async Task LeaveAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(confirmation);
        var folder = WalletFolder(walletId);
        if (await FindDepartureAsync(walletId, cancellationToken).ConfigureAwait(false) is null)
        {
            var record = await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false)
                ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to leave");
            using (var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false))
            {
                confirmation.EnsureReleases(record, current.Share);
            }

            var departure = new PartyDeparture(walletId, _party, record.KeyId, confirmation.Statement.Epoch);
            await WriteSealedAsync(Path.Combine(folder, DepartureFile), ShareContexts.WriteDeparture(departure), ShareContexts.Departure(walletId, _party), cancellationToken).ConfigureAwait(false);
            AfterDurableStep?.Invoke("departed");
        }

        foreach (var file in new[] { StagedFile, StagedWalletFile, RetiredFile, RetiredWalletFile, ShareFile, WalletFile })
        {
            File.Delete(Path.Combine(folder, file));
        }

        AfterDurableStep?.Invoke("left");
    }

    public async Task<PartyDeparture?> FindDepartureAsync(string walletId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WalletFolder(walletId), DepartureFile);
        if (!File.Exists(path))
        {
            return null;
        }

        using var plaintext = await ReadSealedAsync(path, ShareContexts.Departure(walletId, _party), cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadDeparture(plaintext.Span, walletId, _party);
    }

    /// <summary>
    /// Nothing staged as a resharing: the commit is done (a no-op) or stopped between its two renames (the record is
    /// the new one, the share not yet: the last rename). Either way the current record and share must be the confirmed ones.
    /// </summary>
    private async Task FinishCommitAsync(string walletId, ReshareConfirmation confirmation, CancellationToken cancellationToken)
    {
        await EnsureNotDepartedAsync(walletId, cancellationToken).ConfigureAwait(false);
        var record = await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"wallet {walletId}: no resharing is staged at {_party}");
        bool finishRename;
        using (var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false))
        {
            confirmation.EnsureConfirms(record, current.Share);
            finishRename = current.FromStagedFile;
        }

        if (finishRename)
        {
            var folder = WalletFolder(walletId);
            File.Move(Path.Combine(folder, StagedFile), Path.Combine(folder, ShareFile), overwrite: true);
            AfterDurableStep?.Invoke("committed");
        }
    }
}
