using System.Security.Cryptography;
using System.Text.Json;
using Custody.Keys.Sealing;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Signing.Shares;

/// <summary>
/// An <see cref="IShareStore"/> in a folder (a co-signer's own disk): <c>{root}/{walletId}/share.sealed</c> and
/// <c>{root}/{walletId}/wallet.sealed</c>, both sealed by the party's key provider with the wallet and party in the
/// associated data, written through a temporary file and an atomic rename (a crash leaves the old file or the new
/// one, never half of one), mode 0600 in a 0700 folder. On every read the record is checked against the share it
/// sits beside (key id, public key, party), so a swapped or altered file is refused, never used. Rotation
/// (<see cref="IShareRotation"/>): the staged share is <c>share.next.sealed</c>; a commit first writes a copy of the
/// current share to <c>share.retired.sealed</c>, then renames the staged file over <c>share.sealed</c> (one atomic
/// rename: before it the old share is current, after it the new one); deleting the retired file ends the rotation.
/// </summary>
public sealed class FolderShareStore : IShareStore, IShareRotation
{
    private const string ShareFile = "share.sealed";
    private const string StagedFile = "share.next.sealed";
    private const string RetiredFile = "share.retired.sealed";
    private const string WalletFile = "wallet.sealed";

    private readonly string _root;
    private readonly string _party;
    private readonly KeySealer _sealer;

    public FolderShareStore(string root, string party, IKeyEncryptionProvider provider)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(party);
        ArgumentNullException.ThrowIfNull(provider);
        _root = Path.GetFullPath(root);
        _party = party;
        _sealer = new KeySealer(provider);
    }

    public async Task CreateAsync(KeyShare share, PartyWalletRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(record);
        ShareRecordMatch.Ensure(share, record, _party);
        var folder = WalletFolder(record.WalletId);
        if (File.Exists(Path.Combine(folder, ShareFile)))
        {
            throw new ShareStoreException($"{_party} already holds a share of wallet {record.WalletId}; a second key ceremony for it is refused.");
        }

        CreatePrivateFolder(_root);
        CreatePrivateFolder(folder);
        var recordBytes = JsonSerializer.SerializeToUtf8Bytes(record, PartyWalletRecordJson.Default.PartyWalletRecord);
        await WriteSealedAsync(Path.Combine(folder, WalletFile), recordBytes, ShareContexts.Record(record.WalletId, _party), cancellationToken).ConfigureAwait(false);
        await WriteShareAsync(record.WalletId, share, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PartyWalletRecord?> FindWalletAsync(string walletId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WalletFolder(walletId), WalletFile);
        if (!File.Exists(path))
        {
            return null;
        }

        using var plaintext = await ReadSealedAsync(path, ShareContexts.Record(walletId, _party), cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadRecord(plaintext.Span, walletId, _party);
    }

    public async Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken)
    {
        var record = await FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        using var plaintext = await ReadSealedAsync(Path.Combine(WalletFolder(walletId), ShareFile), ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        return ShareRecordMatch.Open(plaintext.Span, record, _party);
    }

    public async Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var record = await FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to update");
        ShareRecordMatch.Ensure(share, record, _party);
        await WriteShareAsync(walletId, share, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Test seam: called after each durable write of a rotation with its name; throwing simulates a crash there.</summary>
    internal Action<string>? AfterDurableStep { get; set; }

    public async Task StageAsync(string walletId, KeyShare next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        using (var current = await UnsealShareAsync(walletId, cancellationToken).ConfigureAwait(false))
        {
            ShareRotation.EnsureSuccessor(current, next, walletId);
        }

        await WriteShareAsync(walletId, next, cancellationToken, StagedFile).ConfigureAwait(false);
        AfterDurableStep?.Invoke("staged");
    }

    public async Task<KeyShare?> UnsealStagedAsync(string walletId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WalletFolder(walletId), StagedFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var record = await FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        using var plaintext = await ReadSealedAsync(path, ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        return ShareRecordMatch.Open(plaintext.Span, record, _party);
    }

    public async Task CommitAsync(string walletId, uint epoch, CancellationToken cancellationToken)
    {
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
        await WriteBytesAsync(Path.Combine(folder, RetiredFile), await File.ReadAllBytesAsync(Path.Combine(folder, ShareFile), cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        AfterDurableStep?.Invoke("retired-copied");
        File.Move(Path.Combine(folder, StagedFile), Path.Combine(folder, ShareFile), overwrite: true);
        AfterDurableStep?.Invoke("committed");
    }

    public Task DeleteRetiredAsync(string walletId, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(WalletFolder(walletId), RetiredFile));
        AfterDurableStep?.Invoke("retired-deleted");
        return Task.CompletedTask;
    }

    public Task<bool> HoldsRetiredAsync(string walletId, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(Path.Combine(WalletFolder(walletId), RetiredFile)));

    private async Task WriteShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken, string file = ShareFile)
    {
        var plaintext = KeyShareCodec.Serialize(share);
        try
        {
            await WriteSealedAsync(Path.Combine(WalletFolder(walletId), file), plaintext, ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task WriteSealedAsync(string path, byte[] plaintext, SealingContext context, CancellationToken cancellationToken)
    {
        await WriteBytesAsync(path, await _sealer.SealAsync(plaintext, context, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes through a temporary file and an atomic rename: a crash leaves the old file or the new one.</summary>
    private async Task WriteBytesAsync(string path, byte[] sealedBytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.WriteThrough };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var file = new FileStream(temporary, options))
        {
            await file.WriteAsync(sealedBytes, cancellationToken).ConfigureAwait(false);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    private async Task<Keys.SecretBytes> ReadSealedAsync(string path, SealingContext context, CancellationToken cancellationToken)
    {
        var sealedBytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return await _sealer.UnsealAsync(sealedBytes, context, cancellationToken).ConfigureAwait(false);
        }
        catch (KeySealingException e)
        {
            throw new ShareStoreException($"{Path.GetFileName(path)} of {_party} cannot be unsealed: {e.Message}", e);
        }
    }

    private string WalletFolder(string walletId)
    {
        // The sealing context validates the id; a separator would escape the root.
        _ = ShareContexts.Share(walletId, _party);
        if (walletId.IndexOfAny(['/', '\\']) >= 0 || walletId is "." or "..")
        {
            throw new ShareStoreException($"the wallet id {walletId} cannot name a folder");
        }

        return Path.Combine(_root, walletId);
    }

    private static void CreatePrivateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
