using Custody.Keys.DevFile;
using Custody.Mpc.Keys;
using Custody.Mpc.Protocol;
using Custody.Testing;

namespace Custody.Signing.Tests;

/// <summary>
/// What the Firestore store tests share: an emulated database, a dev key-encryption key in a temporary folder and
/// the shares of a fresh in-memory DKG; all disposed afterwards.
/// </summary>
public abstract class SealedSharesOnFirestore(FirestoreEmulator emulator, string name, int threshold, int parties) : IAsyncLifetime
{
    private protected readonly FirestoreEmulator _emulator = emulator;
    private protected readonly EmulatedFirestore _firestore = new(emulator);
    private protected readonly string _root = Directory.CreateTempSubdirectory($"custody-{name}-").FullName;
    private protected DevFileKeyEncryptionProvider _provider = null!;
    private protected IReadOnlyDictionary<PartyId, KeyShare> _shares = null!;

    public async ValueTask InitializeAsync()
    {
        _provider = new DevFileKeyEncryptionProvider(new DevFileKeyOptions { Path = Path.Combine(_root, $"{name}.kek") }, "Test");
        _shares = await InMemoryParties.DkgAsync(threshold, parties, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var share in _shares.Values)
        {
            share.Dispose();
        }

        _provider.Dispose();
        _firestore.Dispose();
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
