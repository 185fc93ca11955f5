using System.Net;
using Custody.Gcp.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>
/// A fake Google service speaking the real gRPC wire protocol: a generated server base hosted on Kestrel,
/// plain HTTP/2 on a free loopback port. Used only for behaviour the Pub/Sub emulator lacks.
/// </summary>
internal sealed class InProcessGrpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private InProcessGrpcServer(WebApplication app, string host)
    {
        _app = app;
        Host = host;
    }

    public string Host { get; }

    public static async Task<InProcessGrpcServer> StartAsync<TService>(TService service)
        where TService : class
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<TService>();
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new InProcessGrpcServer(app, $"127.0.0.1:{address.Port}");
    }

    /// <summary>A channel factory that talks to this server as it would to an emulator (h2c, no credentials).</summary>
    public GoogleChannelFactory Channels(string projectId) => new(
        new GoogleCloudOptions { ProjectId = projectId, UseEmulators = true, PubSubEmulatorHost = Host },
        _ => throw new InvalidOperationException("no credentials for a local fake"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
