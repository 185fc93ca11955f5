using System.Collections.Concurrent;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Messaging.Tests.Support;
using Custody.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Tests.Emulator;

/// <summary>
/// A real host with the messaging layer on the real Pub/Sub emulator, configured the way a service configures
/// it (AddCustodyMessaging from configuration, topology provisioned on start). Started: every subscription streams.
/// </summary>
internal sealed class EmulatorBus : IAsyncDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly IHost _host;
    private readonly List<PubSubSubscriber> _deadLetterReaders = [];

    private EmulatorBus(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IEventBus Bus => Services.GetRequiredService<IEventBus>();

    public Inbox<OrderPlaced> Inbox => Services.GetRequiredService<Inbox<OrderPlaced>>();

    /// <summary>The raw publisher, to put messages on a topic that the bus would never produce.</summary>
    public PubSubPublisher RawPublisher => Services.GetRequiredService<PubSubPublisher>();

    /// <summary>Starts the host; <paramref name="pubSubHost"/> reaches the emulator another way (a proxy to sever).</summary>
    public static async Task<EmulatorBus> StartAsync(PubSubEmulator emulator, string projectId, Action<MessagingBuilder> declare, string? pubSubHost = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Google:ProjectId"] = projectId,
            ["Google:UseEmulators"] = "true",
            ["Google:PubSubEmulatorHost"] = pubSubHost ?? emulator.Host,
            ["Messaging:Source"] = "//custody/messaging-tests",
            ["Messaging:ProvisionTopology"] = "true",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<Inbox<OrderPlaced>>();
        declare(builder.Services.AddCustodyMessaging(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new EmulatorBus(host);
    }

    /// <summary>Reads (and acks) what reaches the subscription that keeps <paramref name="subscriptionId"/>'s dead letters.</summary>
    public async Task<ConcurrentQueue<IncomingMessage>> ReadDeadLettersAsync(string subscriptionId)
    {
        var received = new ConcurrentQueue<IncomingMessage>();
        var reader = new PubSubSubscriber(
            Services.GetRequiredService<GoogleChannelFactory>(),
            PubSubProvisioner.DeadLetterSubscriptionId(subscriptionId),
            new SubscriberSettings(),
            Services.GetRequiredService<ILogger<PubSubSubscriber>>());
        _deadLetterReaders.Add(reader);
        await reader.StartAsync(
            (message, _) =>
            {
                received.Enqueue(message);
                return Task.FromResult(AckDecision.Ack);
            },
            TestContext.Current.CancellationToken);
        return received;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in _deadLetterReaders)
        {
            await reader.DisposeAsync();
        }

        await _host.StopAsync(CancellationToken.None);
        if (_host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}
