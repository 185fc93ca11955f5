using Custody.Messaging.Subscriptions;
using Custody.Messaging.Transport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Custody.Messaging;

/// <summary>DI entry point of the messaging layer.</summary>
public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEventBus"/>, the subscription host and the Pub/Sub transport, configured from the
    /// <c>Messaging</c> and <c>Google</c> sections. Continue with <c>.AddEvent(...)</c> and <c>.AddSubscription(...)</c>.
    /// </summary>
    public static MessagingBuilder AddCustodyMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(MessagingBuilder))?.ImplementationInstance;
        if (existing is MessagingBuilder builder)
        {
            return builder;
        }

        services.AddOptions<MessagingOptions>().Bind(configuration.GetSection(MessagingOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessagingOptions>, MessagingOptionsValidator>());
        services.AddPubSubTransport(configuration);

        var registry = new EventTypeRegistry();
        // Subscriptions are declared (and their topology resolved) before the options exist: read the default now.
        var maxDeliveryAttempts = configuration.GetSection(MessagingOptions.SectionName).GetValue(nameof(MessagingOptions.MaxDeliveryAttempts), MessagingOptions.DefaultMaxDeliveryAttempts);
        builder = new MessagingBuilder(services, registry, new HashSet<string>(StringComparer.Ordinal), maxDeliveryAttempts);
        services.AddSingleton(registry);
        services.AddSingleton(builder);
        services.TryAddSingleton<IEventBus, EventBus>();
        services.AddSingleton<IHostedService, SubscriptionHost>();
        return builder;
    }
}
