using Custody.Messaging.Subscriptions;
using Custody.Messaging.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Custody.Messaging.Tests.Support;

/// <summary>The messaging layer as a service would configure it, on the in-memory transport.</summary>
internal sealed class InMemoryBus : IAsyncDisposable
{
    private InMemoryBus(ServiceProvider services, InMemoryTransport transport)
    {
        Services = services;
        Transport = transport;
    }

    public ServiceProvider Services { get; }

    public InMemoryTransport Transport { get; }

    public IEventBus Bus => Services.GetRequiredService<IEventBus>();

    public Inbox<OrderPlaced> Inbox => Services.GetRequiredService<Inbox<OrderPlaced>>();

    public ISubscriptionPipeline Pipeline(string subscriptionId) =>
        Services.GetServices<ISubscriptionPipeline>().Single(p => p.Definition.SubscriptionId == subscriptionId);

    public static InMemoryBus Create(Action<MessagingBuilder> declare, bool provision = false, int? maxDeliveryAttempts = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Messaging:Source"] = "//custody/tests",
            ["Messaging:ProvisionTopology"] = provision ? "true" : "false",
        };
        if (maxDeliveryAttempts is { } attempts)
        {
            settings["Messaging:MaxDeliveryAttempts"] = attempts.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var transport = new InMemoryTransport();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<Inbox<OrderPlaced>>();
        services.AddSingleton<IMessagePublisher>(transport);
        services.AddSingleton<IMessageSubscriberFactory>(transport);
        services.AddSingleton<ITopologyProvisioner>(transport);
        declare(services.AddCustodyMessaging(configuration));
        return new InMemoryBus(services.BuildServiceProvider(validateScopes: true), transport);
    }

    public async Task StartAsync(CancellationToken ct)
    {
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hosted in Services.GetServices<IHostedService>())
        {
            await hosted.StopAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
    }
}
