using Custody.Messaging.Subscriptions;
using Custody.Messaging.Transport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging;

/// <summary>
/// Declares what a service publishes and consumes; returned by
/// <see cref="MessagingServiceCollectionExtensions.AddCustodyMessaging"/>. A service lists its events and
/// subscriptions in one method, each subscription with its retry, dead-letter and ordering settings.
/// </summary>
public sealed class MessagingBuilder
{
    private readonly HashSet<string> _subscriptionIds;
    private readonly int _defaultMaxDeliveryAttempts;

    internal MessagingBuilder(IServiceCollection services, EventTypeRegistry registry, HashSet<string> subscriptionIds, int defaultMaxDeliveryAttempts)
    {
        if (!MessagingOptions.IsValidMaxDeliveryAttempts(defaultMaxDeliveryAttempts))
        {
            throw new ArgumentException($"{MessagingOptions.SectionName}:MaxDeliveryAttempts must be {MessagingOptions.MinDeliveryAttempts}-{MessagingOptions.MaxAllowedDeliveryAttempts}.", nameof(defaultMaxDeliveryAttempts));
        }

        Services = services;
        Registry = registry;
        _subscriptionIds = subscriptionIds;
        _defaultMaxDeliveryAttempts = defaultMaxDeliveryAttempts;
    }

    public IServiceCollection Services { get; }

    /// <summary>The event types registered so far.</summary>
    public EventTypeRegistry Registry { get; }

    /// <summary>Registers <paramref name="type"/> (wire name + JSON metadata), published on <paramref name="topic"/>.</summary>
    public MessagingBuilder AddEvent<T>(EventType<T> type, string topic)
    {
        Registry.Add(type, topic);
        return this;
    }

    /// <summary>
    /// Subscribes <typeparamref name="THandler"/> (scoped, one instance per message) to events
    /// <typeparamref name="T"/> on <paramref name="subscriptionId"/>. <typeparamref name="T"/> must be
    /// registered with <see cref="AddEvent{T}"/>; <paramref name="topic"/> defaults to its topic.
    /// </summary>
    public MessagingBuilder AddSubscription<T, THandler>(string subscriptionId, string? topic = null, Action<SubscriptionSettings>? configure = null)
        where THandler : class, IEventHandler<T>
    {
        PubSubIds.Check(subscriptionId, nameof(subscriptionId));
        if (!Registry.TryGet<T>(out var type, out var eventTopic))
        {
            throw new InvalidOperationException($"Register {typeof(T).FullName} with AddEvent before subscribing to it.");
        }

        var topicId = PubSubIds.Check(topic ?? eventTopic, nameof(topic));
        var settings = new SubscriptionSettings();
        configure?.Invoke(settings);
        settings.Validate(subscriptionId);
        if (!_subscriptionIds.Add(subscriptionId))
        {
            throw new InvalidOperationException($"Subscription {subscriptionId} is registered twice.");
        }

        var definition = new SubscriptionDefinition(
            subscriptionId,
            topicId,
            type,
            settings.AckDeadlineSeconds,
            settings.EnableMessageOrdering,
            settings.DeadLetterTopicId ?? SubscriptionDefinition.DefaultDeadLetterTopic(subscriptionId),
            settings.MaxDeliveryAttempts ?? _defaultMaxDeliveryAttempts,
            settings.MaxConcurrentHandlers,
            typeof(THandler),
            settings.MaxMessageBytes);
        PubSubIds.Check(definition.DeadLetterTopicId, nameof(SubscriptionSettings.DeadLetterTopicId));

        Services.TryAddScoped<THandler>();
        Services.AddSingleton<ISubscriptionPipeline>(sp => new SubscriptionPipeline<T, THandler>(
            definition,
            sp.GetRequiredService<EventTypeRegistry>(),
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IMessagePublisher>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SubscriptionPipeline<,>).Namespace + ".SubscriptionPipeline")));
        return this;
    }
}
