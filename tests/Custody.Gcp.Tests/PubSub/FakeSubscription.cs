using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>A <see cref="FakeSubscriberService"/> on Kestrel and a subscriber connected to it.</summary>
internal sealed class FakeSubscription : IAsyncDisposable
{
    private readonly InProcessGrpcServer _server;
    private readonly GoogleChannelFactory _channels;

    private FakeSubscription(FakeSubscriberService service, InProcessGrpcServer server, SubscriberSettings settings)
    {
        Service = service;
        _server = server;
        _channels = server.Channels("fake-project");
        Subscriber = new PubSubSubscriber(_channels, "fake-subscription", settings, new TestOutputLogger<PubSubSubscriber>());
    }

    public FakeSubscriberService Service { get; }

    public PubSubSubscriber Subscriber { get; }

    public static async Task<FakeSubscription> StartAsync(FakeSubscriberService service, SubscriberSettings settings) =>
        new(service, await InProcessGrpcServer.StartAsync(service), settings);

    public async ValueTask DisposeAsync()
    {
        await Subscriber.DisposeAsync();
        _channels.Dispose();
        await _server.DisposeAsync();
    }
}
