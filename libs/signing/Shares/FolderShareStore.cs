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
/// sits beside (key id, public key, party), so a swapped or altered file is refused, never used.
/// </summary>
public sealed class FolderShareStore : IShareStore
{
    private const string ShareFile = "share.sealed";
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

    private async Task WriteShareAsync(string walletId, KeyShare share, CancellationToken cancellationToken)
    {
        var plaintext = KeyShareCodec.Serialize(share);
        try
        {
            await WriteSealedAsync(Path.Combine(WalletFolder(walletId), ShareFile), plaintext, ShareContexts.Share(walletId, _party), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    private async Task WriteSealedAsync(string path, byte[] plaintext, SealingContext context, CancellationToken cancellationToken)
    {
        var sealedBytes = await _sealer.SealAsync(plaintext, context, cancellationToken).ConfigureAwait(false);
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
