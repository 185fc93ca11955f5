using Custody.Gcp.Channels;
using Google.Cloud.PubSub.V1;
using Grpc.Core;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Creates topics and subscriptions if they do not exist (ALREADY_EXISTS is success), for local runs, tests
/// and first deployments. An existing subscription whose topic, message ordering or dead-letter policy differs
/// from the request is reported with <see cref="SubscriptionMismatchException"/> (those are not changed in place).
/// With a dead-letter topic, the topic and a subscription <c>{id}-dead-letters</c> on it are created as well, so
/// dead letters are kept and can be inspected. On Google Cloud, dead-lettering also needs the Pub/Sub service
/// agent to hold roles/pubsub.publisher on the dead-letter topic and roles/pubsub.subscriber on the subscription.
/// </summary>
public sealed class PubSubProvisioner
{
    /// <summary>Suffix of the subscription that keeps a subscription's dead letters.</summary>
    public const string DeadLetterSubscriptionSuffix = "-dead-letters";

    private readonly Publisher.PublisherClient _publisher;
    private readonly Subscriber.SubscriberClient _subscriber;
    private readonly string _projectId;

    public PubSubProvisioner(GoogleChannelFactory channels)
        : this(channels.ChannelFor(GoogleApi.PubSub).CreateCallInvoker(), channels.Options.ProjectId)
    {
    }

    internal PubSubProvisioner(CallInvoker invoker, string projectId)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        _publisher = new Publisher.PublisherClient(invoker);
        _subscriber = new Subscriber.SubscriberClient(invoker);
        _projectId = projectId;
    }

    /// <summary>The id of the subscription that keeps <paramref name="subscriptionId"/>'s dead letters.</summary>
    public static string DeadLetterSubscriptionId(string subscriptionId) => subscriptionId + DeadLetterSubscriptionSuffix;

    public async Task EnsureTopicAsync(string topicId, CancellationToken ct = default)
    {
        var name = PubSubNames.Topic(_projectId, topicId);
        try
        {
            await _publisher.CreateTopicAsync(new Topic { Name = name }, RoutingHeaders.For("name", name), cancellationToken: ct).ConfigureAwait(false);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
        }
    }

    public async Task EnsureSubscriptionAsync(SubscriptionSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var wanted = ToSubscription(spec);
        await EnsureTopicAsync(spec.TopicId, ct).ConfigureAwait(false);
        if (spec.DeadLetterTopicId is not null)
        {
            await EnsureTopicAsync(spec.DeadLetterTopicId, ct).ConfigureAwait(false);
            await EnsureAsync(new Subscription
            {
                Name = PubSubNames.Subscription(_projectId, DeadLetterSubscriptionId(spec.SubscriptionId)),
                Topic = PubSubNames.Topic(_projectId, spec.DeadLetterTopicId),
                AckDeadlineSeconds = spec.AckDeadlineSeconds,
            }, ct).ConfigureAwait(false);
        }

        await EnsureAsync(wanted, ct).ConfigureAwait(false);
    }

    private Subscription ToSubscription(SubscriptionSpec spec)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spec.AckDeadlineSeconds, PubSubLimits.MinAckDeadlineSeconds, nameof(spec));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spec.AckDeadlineSeconds, PubSubLimits.MaxAckDeadlineSeconds, nameof(spec));
        var subscription = new Subscription
        {
            Name = PubSubNames.Subscription(_projectId, spec.SubscriptionId),
            Topic = PubSubNames.Topic(_projectId, spec.TopicId),
            AckDeadlineSeconds = spec.AckDeadlineSeconds,
            EnableMessageOrdering = spec.EnableMessageOrdering,
        };
        if (spec.DeadLetterTopicId is not null)
        {
            if (spec.MaxDeliveryAttempts is < PubSubLimits.MinDeliveryAttempts or > PubSubLimits.MaxDeliveryAttempts)
            {
                throw new ArgumentOutOfRangeException(nameof(spec), spec.MaxDeliveryAttempts,
                    $"MaxDeliveryAttempts must be between {PubSubLimits.MinDeliveryAttempts} and {PubSubLimits.MaxDeliveryAttempts} (Pub/Sub's dead-letter bounds).");
            }

            if (spec.DeadLetterTopicId == spec.TopicId)
            {
                throw new ArgumentException("The dead-letter topic must differ from the subscription's topic.", nameof(spec));
            }

            subscription.DeadLetterPolicy = new DeadLetterPolicy
            {
                DeadLetterTopic = PubSubNames.Topic(_projectId, spec.DeadLetterTopicId),
                MaxDeliveryAttempts = spec.MaxDeliveryAttempts,
            };
        }

        return subscription;
    }

    private async Task EnsureAsync(Subscription wanted, CancellationToken ct)
    {
        var headers = RoutingHeaders.For("name", wanted.Name);
        try
        {
            await _subscriber.CreateSubscriptionAsync(wanted, headers, cancellationToken: ct).ConfigureAwait(false);
            return;
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.AlreadyExists)
        {
        }

        var existing = await _subscriber.GetSubscriptionAsync(
            new GetSubscriptionRequest { Subscription = wanted.Name }, RoutingHeaders.For("subscription", wanted.Name), cancellationToken: ct).ConfigureAwait(false);
        var differences = Differences(existing, wanted);
        if (differences.Count > 0)
        {
            throw new SubscriptionMismatchException(wanted.Name, differences);
        }
    }

    // The settings that change delivery semantics and cannot be changed silently (ack deadline may differ).
    private static List<string> Differences(Subscription existing, Subscription wanted)
    {
        var differences = new List<string>();
        if (existing.Topic != wanted.Topic)
        {
            differences.Add($"topic is '{existing.Topic}', wanted '{wanted.Topic}'");
        }

        if (existing.EnableMessageOrdering != wanted.EnableMessageOrdering)
        {
            differences.Add($"message ordering is {(existing.EnableMessageOrdering ? "on" : "off")}, wanted {(wanted.EnableMessageOrdering ? "on" : "off")}");
        }

        var had = existing.DeadLetterPolicy;
        var want = wanted.DeadLetterPolicy;
        if ((had?.DeadLetterTopic ?? "") != (want?.DeadLetterTopic ?? ""))
        {
            differences.Add($"dead-letter topic is '{had?.DeadLetterTopic ?? "(none)"}', wanted '{want?.DeadLetterTopic ?? "(none)"}'");
        }
        else if (had is not null && want is not null && had.MaxDeliveryAttempts != want.MaxDeliveryAttempts)
        {
            differences.Add($"max delivery attempts is {had.MaxDeliveryAttempts}, wanted {want.MaxDeliveryAttempts}");
        }

        return differences;
    }
}
