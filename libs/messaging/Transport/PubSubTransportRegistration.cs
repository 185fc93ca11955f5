using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Messaging.Transport;

/// <summary>Registers the Pub/Sub transport (libs/gcp PubSubPublisher / PubSubSubscriber / PubSubProvisioner).</summary>
internal static class PubSubTransportRegistration
{
    public static IServiceCollection AddPubSubTransport(this IServiceCollection services, IConfiguration configuration)
    {
        // Wired once libs/gcp/PubSub lands (branch pubsub); until then a host must register the transport interfaces itself.
        _ = configuration;
        return services;
    }
}
