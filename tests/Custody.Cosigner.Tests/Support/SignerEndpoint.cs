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

namespace Custody.Cosigner.Tests.Support;

/// <summary>
/// The signer's coordination endpoint as the signer service hosts it (docs/parties.md "Shape"): real Kestrel, HTTP/2
/// over TLS with a self-signed certificate on loopback, the party channel and the <see cref="PartyHub"/> of the
/// signer's directory (as tests/Custody.Parties.Tests/CoordinatorHost.cs).
/// </summary>
internal sealed class SignerEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SignerEndpoint(WebApplication app, X509Certificate2 certificate, Uri address)
    {
        _app = app;
        Certificate = certificate;
        Address = address;
        Hub = app.Services.GetRequiredService<PartyHub>();
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>Hex SHA-256 of the certificate's DER, as <c>Cosigner:CoordinatorCertificatePin</c> takes it.</summary>
    public string CertificatePin => Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    public Uri Address { get; }

    public PartyHub Hub { get; }

    public static async Task<SignerEndpoint> StartAsync(PartyDirectory directory)
    {
        var certificate = SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
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
        return new SignerEndpoint(app, certificate, address);
    }

    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=signer.test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Certificate.Dispose();
    }
}
