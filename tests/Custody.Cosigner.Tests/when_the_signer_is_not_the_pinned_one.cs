using System.Security.Cryptography;
using Custody.Cosigner.Tests.Support;
using Custody.Parties.Channel;
using Custody.Testing;
using static Custody.Cosigner.Tests.Support.CosignerFiles;

namespace Custody.Cosigner.Tests;

/// <summary>
/// The co-signer joins only the endpoint it pinned (docs/parties.md "Shape"): a TLS certificate with another SHA-256
/// than <c>Cosigner:CoordinatorCertificatePin</c> is refused before any handshake, and the co-signer keeps redialling.
/// </summary>
public sealed class when_the_signer_is_not_the_pinned_one(FirestoreEmulator firestore) : IAsyncLifetime
{
    private CosignerFiles _files = null!;
    private LoopbackCoordinator _signer = null!;

    private static CancellationToken Soon => CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token).Token;

    public async ValueTask InitializeAsync()
    {
        _files = await CosignerFiles.CreateAsync();
        _signer = await LoopbackCoordinator.StartAsync(_files.SignerDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await _signer.DisposeAsync();
        await _files.DisposeAsync();
    }

    [Fact]
    public async Task a_coordinator_with_another_certificate_is_refused_and_never_joined()
    {
        using var other = LoopbackCoordinator.SelfSigned();
        var settings = _files.Settings(_signer, firestore, GoogleEmulator.NewProjectId());
        settings["Cosigner:CoordinatorCertificatePin"] = Convert.ToHexStringLower(SHA256.HashData(other.RawData));
        await using var host = new CosignerHost(settings);
        host.Start();

        // Two dials refused (the first and a redial), and between them the signer never saw the co-signer.
        await Eventually.UntilAsync(() => host.Logs.Of(typeof(CoordinatorConnection).FullName!).Count(r => r.Message.StartsWith("could not join the coordinator at", StringComparison.Ordinal)) >= 2,
            TimeSpan.FromSeconds(30), "two refused dials", Soon);
        Assert.Empty(_signer.Hub.Connected);
        Assert.DoesNotContain(host.Logs.Records, r => r.Message.Contains("is linked to the signer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_same_coordinator_with_its_own_pin_is_joined()
    {
        await using var host = new CosignerHost(_files.Settings(_signer, firestore, GoogleEmulator.NewProjectId()));
        host.Start();

        await _signer.Hub.WaitForAsync(CosignerA, Soon);
        Assert.Equal([CosignerA], _signer.Hub.Connected);
    }
}
