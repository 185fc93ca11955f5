using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Gcp.Firestore;
using Custody.Gcp.PubSub;
using Custody.Messaging.Outbox;
using Custody.Testing;
using Google.Cloud.PubSub.V1;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Messaging.Tests.Outbox;

/// <summary>
/// A fresh project on the Firestore and Pub/Sub emulators: the document layer, an outbox writer, relays that
/// publish through the generated Pub/Sub client, and a pulling consumer.
/// </summary>
internal sealed class OutboxWorld : IDisposable
{
    public const string Topic = "transaction-signed";
    public const string Subscription = "broadcaster";

    public OutboxWorld(FirestoreEmulator firestore, PubSubEmulator pubSub)
    {
        ProjectId = GoogleEmulator.NewProjectId();
        Channels = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = ProjectId,
            UseEmulators = true,
            FirestoreEmulatorHost = firestore.Host,
            PubSubEmulatorHost = pubSub.Host,
        }, _ => throw new InvalidOperationException("no credentials are loaded for emulators"));
        Database = new FirestoreDatabase(Channels);
        Publisher = new Publisher.PublisherClient(Channels.ChannelFor(GoogleApi.PubSub));
        Subscriber = new Subscriber.SubscriberClient(Channels.ChannelFor(GoogleApi.PubSub));
    }

    public string ProjectId { get; }

    public GoogleChannelFactory Channels { get; }

    public FirestoreDatabase Database { get; }

    public OutboxWriter Writer { get; } = new();

    public Publisher.PublisherClient Publisher { get; }

    public Subscriber.SubscriberClient Subscriber { get; }

    public string SubscriptionName => $"projects/{ProjectId}/subscriptions/{Subscription}";

    /// <summary>The topic and the consumer's subscription, with the dead-letter policy services get by default.</summary>
    public async Task CreateTopicAsync(CancellationToken ct)
    {
        var provisioner = new PubSubProvisioner(Channels);
        await provisioner.EnsureTopicAsync(Topic, ct);
        await provisioner.EnsureSubscriptionAsync(
            new SubscriptionSpec(Subscription, Topic, 30, EnableMessageOrdering: true, DeadLetterTopicId: Subscription + "-dead-letter", MaxDeliveryAttempts: MessagingOptions.DefaultMaxDeliveryAttempts), ct);
    }

    public OutboxRelay Relay(IOutboxTransport transport, ILogger<OutboxRelay>? logger = null) =>
        new(Database, transport, new OutboxRelayOptions { DirectPublishGrace = TimeSpan.Zero, PollInterval = TimeSpan.FromMilliseconds(200), Backoff = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)) }, logger ?? NullLogger<OutboxRelay>.Instance);

    /// <summary>A handler's transaction: a state document and one event, committed together.</summary>
    public Task<OutboxEntry> CommitEventAsync(string requestId, string? orderingKey, CancellationToken ct) =>
        Database.RunTransactionAsync(async (tx, token) =>
        {
            tx.Set(DocumentPath.Of("transactions", requestId), new FieldMap { ["state"] = FieldValue.String("Signed") }, RawFields.Mapper);
            var message = new OutgoingMessage(
                System.Text.Encoding.UTF8.GetBytes($"signed {requestId}"),
                new Dictionary<string, string> { ["requestId"] = requestId, ["ce-type"] = "custody.transaction.signed" },
                orderingKey);
            return await Writer.AddAsync(tx, Topic, message, token);
        }, ct: ct);

    public async Task<int> UnpublishedCountAsync(CancellationToken ct) =>
        (await Database.QueryAsync(DocumentQuery.Collection(OutboxWriter.EntriesCollection).Where("published", FilterOperator.Equal, FieldValue.False), RawFields.Mapper, ct)).Count;

    public void Dispose() => Channels.Dispose();
}

/// <summary>The real unary Pub/Sub transport to the emulator, recording every accepted publish in order.</summary>
internal class EmulatorTransport(OutboxWorld world) : IOutboxTransport
{
    private readonly UnaryPubSubTransport _inner = new(world.Channels);
    private readonly List<(string Key, string RequestId)> _published = [];

    public IReadOnlyList<(string Key, string RequestId)> Published
    {
        get
        {
            lock (_published)
            {
                return [.. _published];
            }
        }
    }

    public virtual async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
    {
        var id = await _inner.PublishAsync(topicId, message, ct);
        lock (_published)
        {
            _published.Add((message.OrderingKey ?? "", message.Attributes["requestId"]));
        }

        return id;
    }
}
