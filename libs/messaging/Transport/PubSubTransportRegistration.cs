using System.ComponentModel.DataAnnotations;
using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Transport;

/// <summary>Registers the Pub/Sub transport: one publisher per process, a provisioner, subscribers made per subscription.</summary>
internal static class PubSubTransportRegistration
{
    public static IServiceCollection AddPubSubTransport(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.Any(d => d.ServiceType == typeof(GoogleChannelFactory)))
        {
            services.AddOptions<GoogleCloudOptions>()
                .Bind(configuration.GetSection(GoogleCloudOptions.SectionName))
                .Validate(o => Validator.TryValidateObject(o, new ValidationContext(o), null, validateAllProperties: true), $"The {GoogleCloudOptions.SectionName} section is invalid (ProjectId must be a Google Cloud project id).")
                .ValidateOnStart();
            services.AddSingleton<GoogleChannelFactory>();
        }

        services.TryAddSingleton(new PublisherSettings());
        services.TryAddSingleton(sp => new PubSubPublisher(
            sp.GetRequiredService<GoogleChannelFactory>(), sp.GetRequiredService<PublisherSettings>(), sp.GetRequiredService<ILogger<PubSubPublisher>>()));
        services.TryAddSingleton(sp => new PubSubProvisioner(sp.GetRequiredService<GoogleChannelFactory>()));
        services.TryAddSingleton<PubSubTransport>();
        services.TryAddSingleton<IMessagePublisher>(sp => sp.GetRequiredService<PubSubTransport>());
        services.TryAddSingleton<IMessageSubscriberFactory>(sp => sp.GetRequiredService<PubSubTransport>());
        services.TryAddSingleton<ITopologyProvisioner>(sp => sp.GetRequiredService<PubSubTransport>());
        return services;
    }
}
