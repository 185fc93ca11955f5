using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Custody.Parties.Channel;
using Custody.Parties.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Testing;

/// <summary>
/// The signer's coordination endpoint as the services host it (docs/parties.md): real Kestrel, HTTP/2 over TLS with
/// a fresh self-signed certificate on a loopback port, the party hub of <paramref name="directory"/>'s party.
/// </summary>
public sealed class LoopbackCoordinator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackCoordinator(WebApplication app, X509Certificate2 certificate, Uri address)
    {
        _app = app;
        Certificate = certificate;
        Address = address;
        Hub = app.Services.GetRequiredService<PartyHub>();
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>What a co-signer pins: SHA-256 of the certificate's DER.</summary>
    public byte[] CertificatePin => SHA256.HashData(Certificate.RawData);

    public Uri Address { get; }

    public PartyHub Hub { get; }

    public static async Task<LoopbackCoordinator> StartAsync(PartyDirectory directory, int port = 0)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddSingleton(directory);
        builder.Services.AddPartyHub();
        var app = builder.Build();
        app.MapPartyChannel();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new LoopbackCoordinator(app, certificate, address);
    }

    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=coordinator.test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
