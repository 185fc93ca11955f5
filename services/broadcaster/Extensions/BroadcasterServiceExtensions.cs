using Custody.Broadcaster.Broadcasting;
using Custody.Broadcaster.Tracking;
using Custody.Chain;
using Custody.Contracts.Events;
using Custody.Gcp.Firestore;
using Custody.Messaging;
using Custody.Messaging.Outbox;
using Custody.Signing.Admission;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Broadcaster.Extensions;

/// <summary>All of the broadcaster's dependency injection (docs/conventions.md "Services", docs/broadcaster.md).</summary>
public static class BroadcasterServiceExtensions
{
    public static IHostApplicationBuilder AddBroadcaster(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<BroadcasterOptions>().BindConfiguration(BroadcasterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<BroadcasterTelemetry>();

        // Loaded at start: an invalid policy folder stops the service (the fee caps bound every replacement).
        services.AddSingleton(sp => PolicyBook.Load(Options(sp).PolicyDirectory));

        services.AddCustodyOutbox();
        services.AddSingleton(sp => new TransactionStore(sp.GetRequiredService<FirestoreDatabase>()));
        services.AddSingleton<BroadcastStore>();

        services.AddHttpClient(nameof(EthereumNode));
        services.AddSingleton(sp => new EthereumNode(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(EthereumNode)), new Uri(Options(sp).NodeUrl)));
        services.AddSingleton<Submission>();
        services.AddSingleton<ReceiptFollower>();
        services.AddHostedService<NodeChainCheck>();

        AddEvents(services, builder.Configuration);
        services.AddHostedService<ConfirmationTracker>();
        return builder;
    }

    /// <summary>What the broadcaster publishes and the one subscription it consumes, ordered by wallet (nonce order).</summary>
    private static void AddEvents(IServiceCollection services, IConfiguration configuration) =>
        services.AddCustodyMessaging(configuration)
            .AddEvent(BroadcasterEvents.Signed, Topics.Signed)
            .AddEvent(BroadcasterEvents.Broadcast, Topics.Broadcast)
            .AddEvent(BroadcasterEvents.Confirmed, Topics.Confirmed)
            .AddEvent(BroadcasterEvents.Failed, Topics.Failed)
            .AddEvent(BroadcasterEvents.ReplacementRequested, Topics.ReplacementRequested)
            .AddSubscription<TransactionSigned, SignedHandler>(BroadcasterEvents.SignedSubscription, configure: s =>
            {
                s.EnableMessageOrdering = true;
                s.MaxConcurrentHandlers = 16;
                // A node that cannot be reached is retried by redelivery; an event is dead-lettered only after this many.
                s.MaxDeliveryAttempts = 50;
            });

    private static BroadcasterOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<BroadcasterOptions>>().Value;
}
