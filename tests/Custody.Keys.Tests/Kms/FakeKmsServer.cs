using Custody.Testing;
using Grpc.Net.Client;

namespace Custody.Keys.Tests.Kms;

/// <summary><see cref="FakeKms"/> served over real gRPC (h2c on loopback), and a client channel to it.</summary>
internal sealed class FakeKmsServer : IAsyncDisposable
{
    private readonly InProcessGrpcServer _server;

    private FakeKmsServer(InProcessGrpcServer server, FakeKms kms)
    {
        _server = server;
        Kms = kms;
        Channel = GrpcChannel.ForAddress(server.Address);
    }

    public FakeKms Kms { get; }

    public GrpcChannel Channel { get; }

    public static async Task<FakeKmsServer> StartAsync(CancellationToken cancellationToken)
    {
        var kms = new FakeKms();
        return new FakeKmsServer(await InProcessGrpcServer.StartAsync(kms, cancellationToken), kms);
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _server.DisposeAsync();
    }
}
