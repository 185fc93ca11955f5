using Custody.Mpc.Keys;

namespace Custody.Signing.Shares;

/// <summary>The folder store's rotation steps (<see cref="IShareRotation"/>, docs/signing.md "Share rotation").</summary>
public sealed partial class FolderShareStore
{
    /// <summary>Test seam: called after each durable write of a rotation with its name; throwing simulates a crash there.</summary>
    internal Action<string>? AfterDurableStep { get; set; }

    public async Task StageAsync(string walletId, KeyShare next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        EnsureNoResharingStaged(walletId);
        var record = await FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        using (var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false))
        {
            EnsureCommitFinished(walletId, current);
            ShareRotation.EnsureSuccessor(current.Share, next, walletId);
        }

        await WriteShareAsync(walletId, next, cancellationToken, StagedFile).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged");
    }

    /// <summary>
    /// The staged share, checked against the staged record of a resharing or else the current record; null when none
    /// is staged, when this party left the wallet (and is not being added back), or when the staged file is in fact
    /// current (a resharing's commit stopped between its renames).
    /// </summary>
    public async Task<KeyShare?> UnsealStagedAsync(string walletId, CancellationToken cancellationToken)
    {
        var folder = WalletFolder(walletId);
        if (!File.Exists(Path.Combine(folder, StagedFile)))
        {
            return null;
        }

        // A staged resharing (also one that adds back a party that left) is read with its own record.
        if (await ReadRecordAsync(walletId, StagedWalletFile, cancellationToken).ConfigureAwait(false) is { } stagedRecord)
        {
            return await OpenShareAsync(walletId, StagedFile, stagedRecord, cancellationToken).ConfigureAwait(false);
        }

        if (await FindDepartureAsync(walletId, cancellationToken).ConfigureAwait(false) is not null)
        {
            return null;
        }

        var record = await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        using var current = await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false);
        return current.FromStagedFile ? null : await OpenShareAsync(walletId, StagedFile, record, cancellationToken).ConfigureAwait(false);
    }

    public async Task CommitAsync(string walletId, uint epoch, CancellationToken cancellationToken)
    {
        EnsureNoResharingStaged(walletId);
        var folder = WalletFolder(walletId);
        using (var current = await UnsealShareAsync(walletId, cancellationToken).ConfigureAwait(false))
        {
            if (current.Epoch == epoch)
            {
                return;
            }

            using var staged = await UnsealStagedAsync(walletId, cancellationToken).ConfigureAwait(false)
                ?? throw new ShareStoreException($"wallet {walletId}: no staged share to commit (current epoch {current.Epoch})");
            if (staged.Epoch != epoch)
            {
                throw new ShareStoreException($"wallet {walletId}: the staged share has epoch {staged.Epoch}, not {epoch}");
            }

            ShareRotation.EnsureSuccessor(current, staged, walletId);
        }

        // The old share's sealed bytes, kept until DeleteRetiredAsync; then the one atomic switch.
        await CopyAsync(folder, ShareFile, RetiredFile, cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("retired-copied");
        File.Move(Path.Combine(folder, StagedFile), Path.Combine(folder, ShareFile), overwrite: true);
        AfterDurableStep?.Invoke("committed");
    }

    /// <summary>Deletes the retired share, then the retired record a resharing leaves (each its own durable step).</summary>
    public Task DeleteRetiredAsync(string walletId, CancellationToken cancellationToken)
    {
        var folder = WalletFolder(walletId);
        File.Delete(Path.Combine(folder, RetiredFile));
        AfterDurableStep?.Invoke("retired-deleted");
        if (File.Exists(Path.Combine(folder, RetiredWalletFile)))
        {
            File.Delete(Path.Combine(folder, RetiredWalletFile));
            AfterDurableStep?.Invoke("retired-record-deleted");
        }

        return Task.CompletedTask;
    }

    public Task<bool> HoldsRetiredAsync(string walletId, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Path.Combine(WalletFolder(walletId), RetiredFile)));

    private void EnsureNoResharingStaged(string walletId)
    {
        if (File.Exists(Path.Combine(WalletFolder(walletId), StagedWalletFile)))
        {
            throw new ShareStoreException($"wallet {walletId}: a resharing is staged at {_party}; commit or restage it, a refresh cannot replace it");
        }
    }

    private static void EnsureCommitFinished(string walletId, CurrentShare current)
    {
        if (current.FromStagedFile)
        {
            throw new ShareStoreException($"wallet {walletId}: a resharing's commit stopped before its last rename; run CommitReshareAsync again first");
        }
    }

    /// <summary>Copies a sealed file as it is (through a temporary file and an atomic rename).</summary>
    private async Task CopyAsync(string folder, string from, string to, CancellationToken cancellationToken) =>
        await WriteBytesAsync(Path.Combine(folder, to), await File.ReadAllBytesAsync(Path.Combine(folder, from), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
