using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Keys.Tests.Kms;

/// <summary><see cref="FakeKms"/> served by Kestrel on a loopback port over HTTP/2 (h2c), and a client channel to it.</summary>
internal sealed class FakeKmsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeKmsServer(WebApplication app, FakeKms kms, GrpcChannel channel)
    {
        _app = app;
        Kms = kms;
        Channel = channel;
    }

    public FakeKms Kms { get; }

    public GrpcChannel Channel { get; }

    public static async Task<FakeKmsServer> StartAsync(CancellationToken cancellationToken)
    {
        var kms = new FakeKms();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(kms);
        var app = builder.Build();
        app.MapGrpcService<FakeKms>();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FakeKmsServer(app, kms, GrpcChannel.ForAddress(address));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
