using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Custody.Parties.Channel;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Custody.Signer.Coordination;

/// <summary>
/// The coordination endpoint co-signers dial (docs/parties.md): its own Kestrel listener, HTTP/2 over TLS only,
/// apart from the service's HTTP port (health, admin API), serving the party channel of the signer's
/// <see cref="PartyHub"/>. Co-signers open the connections, so their operators need no inbound port.
/// </summary>
public sealed partial class CoordinatorEndpoint(PartyHub hub, IOptions<SignerOptions> options, IHostEnvironment environment, ILogger<CoordinatorEndpoint> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;
    private X509Certificate2? _certificate;

    /// <summary>The address co-signers dial (https://host:port), once started.</summary>
    public Uri? Address { get; private set; }

    /// <summary>SHA-256 of the endpoint's certificate (DER): what a co-signer may pin.</summary>
    public byte[] CertificatePin => SHA256.HashData((_certificate ?? throw new InvalidOperationException("the coordinator endpoint has not started")).RawData);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        _certificate = LoadCertificate(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environment.EnvironmentName });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(settings.CoordinatorListenAddress), settings.CoordinatorPort, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(_certificate);
        }));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(hub);
        var app = builder.Build();
        app.MapPartyChannel();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Address = new UriBuilder(bound) { Host = bound.Host is "0.0.0.0" or "[::]" ? "localhost" : bound.Host }.Uri;
        LogListening(bound.ToString(), Convert.ToHexStringLower(CertificatePin), settings.CertificateFile is null ? "fresh self-signed for this start" : settings.CertificateFile);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        _certificate?.Dispose();
    }

    /// <summary>The configured PEM certificate and key, or a fresh self-signed one (docs/parties.md "TLS").</summary>
    private static X509Certificate2 LoadCertificate(SignerOptions settings)
    {
        if (!string.IsNullOrEmpty(settings.CertificateFile))
        {
            if (string.IsNullOrEmpty(settings.CertificateKeyFile))
            {
                throw new InvalidOperationException("Signer:CertificateKeyFile is required with Signer:CertificateFile");
            }

            using var pem = X509Certificate2.CreateFromPemFile(settings.CertificateFile, settings.CertificateKeyFile);
            // Kestrel needs the key in a form it can use on every platform: re-import it as PKCS#12 in memory.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=custody-signer", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Coordination endpoint listening on {Address}; TLS certificate SHA-256 {Pin} ({Source})")]
    private partial void LogListening(string address, string pin, string source);
}
