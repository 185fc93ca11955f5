using Custody.Gcp.Audit;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Outbox;

/// <summary>
/// What a service that changes state and publishes through the outbox needs (docs/state.md "Transactional outbox"):
/// the Firestore database, the hash-chained audit log, the outbox writer and its relay (a hosted service: the safety
/// net that publishes what a crash left unpublished). Needs a <see cref="TimeProvider"/> and the Google channel factory
/// and publisher (<see cref="MessagingServiceCollectionExtensions.AddCustodyMessaging"/>).
/// </summary>
public static class OutboxServiceCollectionExtensions
{
    public static IServiceCollection AddCustodyOutbox(this IServiceCollection services, OutboxRelayOptions? relayOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => new FirestoreDatabase(sp.GetRequiredService<GoogleChannelFactory>()));
        services.AddCustodyAuditLog();
        services.AddSingleton(sp => new OutboxWriter(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OutboxRelay(
            sp.GetRequiredService<FirestoreDatabase>(), new PubSubPublisherTransport(sp.GetRequiredService<PubSubPublisher>()),
            relayOptions ?? new OutboxRelayOptions(), sp.GetRequiredService<ILogger<OutboxRelay>>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return services;
    }
}
