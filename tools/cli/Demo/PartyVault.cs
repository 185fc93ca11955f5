using System.Security.Cryptography;
using Custody.Keys.DevFile;
using Custody.Keys.Sealing;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;

namespace Custody.Cli.Demo;

/// <summary>
/// One MPC party's key storage: its own key-encryption key (the dev-file provider, environment "Local", a key file in
/// the demo's temporary folder) and its share, held only sealed (docs/keys.md). The plaintext share exists only while
/// the party takes part in a protocol.
/// </summary>
internal sealed class PartyVault : IDisposable
{
    private const uint KeyVersion = 1;
    private readonly DevFileKeyEncryptionProvider _provider;
    private readonly KeySealer _sealer;
    private byte[]? _sealedShare;

    public PartyVault(string name, PartyId id, string walletId, string keyFolder)
    {
        Name = name;
        Id = id;
        Context = SealingContext.Create(walletId, name, KeyVersion);
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(keyFolder, name + ".kek"), CreateIfMissing = true }, "Local");
        _sealer = new KeySealer(_provider);
    }

    public string Name { get; }

    public PartyId Id { get; }

    public SealingContext Context { get; }

    public string KeyReference => _provider.KeyReference;

    public int SealedLength => _sealedShare?.Length ?? 0;

    /// <summary>Serialises and seals the share; the plaintext serialisation is wiped before returning.</summary>
    public async Task SealAsync(KeyShare share, CancellationToken ct)
    {
        var plaintext = KeyShareCodec.Serialize(share);
        try
        {
            _sealedShare = await _sealer.SealAsync(plaintext, Context, ct).ConfigureAwait(false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Unseals and parses the share (fully validated by the codec); the caller disposes it.</summary>
    public async Task<KeyShare> UnsealAsync(CancellationToken ct)
    {
        var sealedShare = _sealedShare ?? throw new InvalidOperationException($"{Name} holds no sealed share.");
        using var plaintext = await _sealer.UnsealAsync(sealedShare, Context, ct).ConfigureAwait(false);
        return KeyShareCodec.Deserialize(plaintext.Span);
    }

    public void Dispose() => _provider.Dispose();
}
