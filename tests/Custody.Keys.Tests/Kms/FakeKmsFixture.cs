using Custody.Keys.Kms;

namespace Custody.Keys.Tests.Kms;

/// <summary>One fake KMS server per test class, with one CryptoKey and a provider pointed at it.</summary>
public sealed class FakeKmsFixture : IAsyncLifetime
{
    public const string KeyName = "projects/custody-test/locations/europe-west6/keyRings/custody/cryptoKeys/signer-share-kek";

    private FakeKmsServer? _server;

    internal FakeKms Kms => _server!.Kms;

    internal KmsKeyEncryptionProvider Provider { get; private set; } = null!;

    internal KmsKeyEncryptionProvider ProviderFor(string keyName) =>
        new(_server!.Channel, new KmsKeyEncryptionOptions { KeyName = keyName });

    public async ValueTask InitializeAsync()
    {
        _server = await FakeKmsServer.StartAsync(TestContext.Current.CancellationToken);
        _server.Kms.AddKey(KeyName);
        Provider = ProviderFor(KeyName);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
