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
/// A resharing (<see cref="IShareResharing"/>) also stages, commits and retires the wallet record, and a party that
/// leaves keeps only <c>departure.sealed</c> (FolderShareStore.Resharing.cs).
/// </summary>
public sealed partial class FolderShareStore : IShareStore, IShareResharing
{
    private const string ShareFile = "share.sealed";
    private const string StagedFile = "share.next.sealed";
    private const string RetiredFile = "share.retired.sealed";
    private const string WalletFile = "wallet.sealed";
    private const string StagedWalletFile = "wallet.next.sealed";
    private const string RetiredWalletFile = "wallet.retired.sealed";
    private const string DepartureFile = "departure.sealed";

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

        if (File.Exists(Path.Combine(folder, DepartureFile)))
        {
            throw new ShareStoreException($"{_party} left wallet {record.WalletId}; a key ceremony cannot reuse the wallet, only a resharing adds the party back.");
        }

        CreatePrivateFolder(_root);
        CreatePrivateFolder(folder);
        await WriteSealedAsync(Path.Combine(folder, WalletFile), ShareContexts.WriteRecord(record), ShareContexts.Record(record.WalletId, _party), cancellationToken).ConfigureAwait(false);
        await WriteShareAsync(record.WalletId, share, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>This party's current record of the wallet; null when it holds none or has left the wallet.</summary>
    public async Task<PartyWalletRecord?> FindWalletAsync(string walletId, CancellationToken cancellationToken)
    {
        var folder = WalletFolder(walletId);
        return File.Exists(Path.Combine(folder, DepartureFile)) ? null : await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false);
    }

    public async Task<KeyShare> UnsealShareAsync(string walletId, CancellationToken cancellationToken)
    {
        await EnsureNotDepartedAsync(walletId, cancellationToken).ConfigureAwait(false);
        var record = await ReadRecordAsync(walletId, WalletFile, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        return (await OpenCurrentAsync(walletId, record, cancellationToken).ConfigureAwait(false)).Share;
    }

    public async Task UpdateShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        var record = await FindWalletAsync(walletId, cancellationToken).ConfigureAwait(false)
            ?? throw new ShareStoreException($"{_party} holds no share of wallet {walletId} to update");
        ShareRecordMatch.Ensure(share, record, _party);
        await WriteShareAsync(walletId, share, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The current share, checked against <paramref name="record"/>: <c>share.sealed</c>, or <c>share.next.sealed</c>
    /// when a resharing's commit stopped between its two renames (docs/signing.md "Share rotation after a resharing"):
    /// the record is already the new one (<c>wallet.next.sealed</c> is gone) and only the staged share matches it.
    /// <see cref="CurrentShare.FromStagedFile"/> says which; the caller disposes the share.
    /// </summary>
    private async Task<CurrentShare> OpenCurrentAsync(string walletId, PartyWalletRecord record, CancellationToken cancellationToken)
    {
        var folder = WalletFolder(walletId);
        var share = await ReadShareAsync(walletId, ShareFile, cancellationToken).ConfigureAwait(false);
        if (share is not null && ShareRecordMatch.Matches(share, record, _party))
        {
            return new CurrentShare(share, FromStagedFile: false);
        }

        if (!File.Exists(Path.Combine(folder, StagedWalletFile)))
        {
            var staged = await ReadShareAsync(walletId, StagedFile, cancellationToken).ConfigureAwait(false);
            if (staged is not null && ShareRecordMatch.Matches(staged, record, _party))
            {
                share?.Dispose();
                return new CurrentShare(staged, FromStagedFile: true);
            }

            staged?.Dispose();
        }

        if (share is null)
        {
            throw new ShareStoreException($"{_party} holds no share of wallet {walletId}");
        }

        using (share)
        {
            throw ShareRecordMatch.Mismatch(share, record, _party);
        }
    }

    private sealed record CurrentShare(KeyShare Share, bool FromStagedFile) : IDisposable
    {
        public void Dispose() => Share.Dispose();
    }

    private async Task EnsureNotDepartedAsync(string walletId, CancellationToken cancellationToken)
    {
        if (await FindDepartureAsync(walletId, cancellationToken).ConfigureAwait(false) is { } departure)
        {
            throw new ShareStoreException($"{_party} left wallet {walletId} at epoch {departure.Epoch} and holds no share of it");
        }
    }

    /// <summary>A sealed wallet record file of the wallet, or null when it does not exist.</summary>
    private async Task<PartyWalletRecord?> ReadRecordAsync(string walletId, string file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WalletFolder(walletId), file);
        if (!File.Exists(path))
        {
            return null;
        }

        using var plaintext = await ReadSealedAsync(path, ShareContexts.Record(walletId, _party), cancellationToken).ConfigureAwait(false);
        return ShareContexts.ReadRecord(plaintext.Span, walletId, _party);
    }

    /// <summary>A sealed share file of the wallet, unchecked against any record, or null when it does not exist; the caller disposes it.</summary>
    private async Task<KeyShare?> ReadShareAsync(string walletId, string file, CancellationToken cancellationToken)
    {
        var path = Path.Combine(WalletFolder(walletId), file);
        if (!File.Exists(path))
        {
            return null;
        }

        using var plaintext = await ReadSealedAsync(path, ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        return KeyShareCodec.Deserialize(plaintext.Span);
    }

    /// <summary>A share file checked against a record; the caller disposes it.</summary>
    private async Task<KeyShare?> OpenShareAsync(string walletId, string file, PartyWalletRecord record, CancellationToken cancellationToken)
    {
        var share = await ReadShareAsync(walletId, file, cancellationToken).ConfigureAwait(false);
        try
        {
            if (share is not null)
            {
                ShareRecordMatch.Ensure(share, record, _party);
            }

            return share;
        }
        catch
        {
            share?.Dispose();
            throw;
        }
    }

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
