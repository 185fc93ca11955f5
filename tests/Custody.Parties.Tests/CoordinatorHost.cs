using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Custody.Mpc.Protocol;
using Custody.Parties.Channel;
using Custody.Parties.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Parties.Tests;

/// <summary>
/// Three parties with fresh identity keys, every one pinned at every other: party 1 hosts the coordinator endpoint
/// (real Kestrel, HTTP/2 over TLS with a self-signed certificate on loopback), parties 2 and 3 dial in.
/// </summary>
public sealed class CoordinatorHost : IAsyncDisposable
{
    public static readonly PartyId Signer = PartyId.Create(1);
    public static readonly PartyId CosignerA = PartyId.Create(2);
    public static readonly PartyId CosignerB = PartyId.Create(3);
    public static readonly PartyId[] All = [Signer, CosignerA, CosignerB];

    private readonly WebApplication _app;
    private readonly List<PartyLink> _links = [];

    private readonly bool _ownsKeys;
    private bool _stopped;

    private CoordinatorHost(WebApplication app, Dictionary<PartyId, PartyKeys> keys, X509Certificate2 certificate, Uri address, bool ownsKeys)
    {
        _app = app;
        _ownsKeys = ownsKeys;
        Keys = keys;
        Certificate = certificate;
        Address = address;
        Hub = app.Services.GetRequiredService<PartyHub>();
    }

    public Dictionary<PartyId, PartyKeys> Keys { get; }

    public X509Certificate2 Certificate { get; }

    public byte[] CertificatePin => SHA256.HashData(Certificate.RawData);

    public Uri Address { get; }

    public PartyHub Hub { get; }

    /// <summary>A coordinator on <paramref name="port"/> (0: any free port); a restart passes the keys and certificate of the host it replaces, which keeps owning them.</summary>
    public static async Task<CoordinatorHost> StartAsync(int port = 0, CoordinatorHost? replacing = null)
    {
        var keys = replacing?.Keys ?? All.ToDictionary(p => p, PartyKeys.Generate);
        var certificate = replacing?.Certificate ?? SelfSigned();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(certificate);
        }));
        builder.Services.AddSingleton(Directory(keys, Signer));
        builder.Services.AddPartyHub();
        var app = builder.Build();
        app.MapPartyChannel();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return new CoordinatorHost(app, keys, certificate, address, replacing is null);
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=coordinator.test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
    }

    /// <summary>Party <paramref name="party"/>'s view: its keys and every party's pinned keys.</summary>
    public static PartyDirectory Directory(Dictionary<PartyId, PartyKeys> keys, PartyId party) =>
        new(keys[party], keys.Values.Select(k => k.Pinned()));

    public async Task<PartyLink> ConnectAsync(PartyId party, PartyDirectory? directory = null, byte[]? pin = null)
    {
        var link = await PartyLink.ConnectAsync(Address, Signer, directory ?? Directory(Keys, party), pin ?? CertificatePin, NullLogger.Instance, CancellationToken.None);
        _links.Add(link);
        await Hub.WaitForAsync(party, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        return link;
    }

    /// <summary>Stops the coordinator (its links end) and keeps the keys for a host that replaces it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        foreach (var link in _links)
        {
            await link.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (!_ownsKeys)
        {
            return;
        }

        Certificate.Dispose();
        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }
    }
}
