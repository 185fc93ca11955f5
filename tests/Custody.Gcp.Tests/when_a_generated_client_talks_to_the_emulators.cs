using Custody.Gcp;
using Custody.Gcp.Channels;
using Custody.Testing;
using Google.Cloud.Firestore.V1;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;

namespace Custody.Gcp.Tests;

public sealed class when_a_generated_client_talks_to_the_emulators(PubSubEmulator pubSub, FirestoreEmulator firestore)
{
    private readonly string _project = GoogleEmulator.NewProjectId();

    private GoogleChannelFactory Factory() => new(new GoogleCloudOptions
    {
        ProjectId = _project,
        UseEmulators = true,
        PubSubEmulatorHost = pubSub.Host,
        FirestoreEmulatorHost = firestore.Host,
    }, _ => throw new InvalidOperationException("no credentials are loaded for emulators"));

    [Fact]
    public async Task a_published_message_is_pulled_back_with_its_attributes()
    {
        using var factory = Factory();
        var publisher = new Publisher.PublisherClient(factory.ChannelFor(GoogleApi.PubSub));
        var subscriber = new Subscriber.SubscriberClient(factory.ChannelFor(GoogleApi.PubSub));
        var topic = $"projects/{_project}/topics/smoke";
        var subscription = $"projects/{_project}/subscriptions/smoke";
        var ct = TestContext.Current.CancellationToken;
        await publisher.CreateTopicAsync(new Topic { Name = topic }, cancellationToken: ct);
        await subscriber.CreateSubscriptionAsync(new Subscription { Name = subscription, Topic = topic, AckDeadlineSeconds = 10 }, cancellationToken: ct);

        await publisher.PublishAsync(new PublishRequest
        {
            Topic = topic,
            Messages = { new PubsubMessage { Data = ByteString.CopyFromUtf8("hello"), Attributes = { ["ce-type"] = "smoke" } } },
        }, RoutingHeaders.For("topic", topic), cancellationToken: ct);

        var pulled = await subscriber.PullAsync(new PullRequest { Subscription = subscription, MaxMessages = 1 }, cancellationToken: ct);
        var message = Assert.Single(pulled.ReceivedMessages).Message;
        Assert.Equal("hello", message.Data.ToStringUtf8());
        Assert.Equal("smoke", message.Attributes["ce-type"]);
    }

    [Fact]
    public async Task a_committed_document_is_read_back()
    {
        using var factory = Factory();
        var client = new Google.Cloud.Firestore.V1.Firestore.FirestoreClient(factory.ChannelFor(GoogleApi.Firestore));
        var database = $"projects/{_project}/databases/(default)";
        var name = $"{database}/documents/smoke/doc-1";
        var headers = RoutingHeaders.ForFirestore(database, factory.IsEmulated(GoogleApi.Firestore));
        var ct = TestContext.Current.CancellationToken;

        await client.CommitAsync(new CommitRequest
        {
            Database = database,
            Writes =
            {
                new Write
                {
                    Update = new Document { Name = name, Fields = { ["amount"] = new Value { StringValue = "115792089237316195423570985008687907853269984665640564039457584007913129639935" } } },
                    CurrentDocument = new Precondition { Exists = false },
                },
            },
        }, headers, cancellationToken: ct);

        var read = await client.GetDocumentAsync(new GetDocumentRequest { Name = name }, headers, cancellationToken: ct);
        Assert.Equal("115792089237316195423570985008687907853269984665640564039457584007913129639935", read.Fields["amount"].StringValue);
    }

    [Fact]
    public void emulator_hosts_are_ignored_unless_emulators_are_enabled()
    {
        using var factory = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = _project,
            UseEmulators = false,
            PubSubEmulatorHost = pubSub.Host,
        }, _ => throw new InvalidOperationException("not called: channels are created lazily"));

        Assert.False(factory.IsEmulated(GoogleApi.PubSub));
        Assert.Equal("pubsub.googleapis.com", factory.ChannelFor(GoogleApi.PubSub).Target);
    }

    [Fact]
    public void a_plain_http_endpoint_is_refused_outside_emulator_mode()
    {
        using var factory = new GoogleChannelFactory(new GoogleCloudOptions
        {
            ProjectId = _project,
            KmsEndpoint = new Uri("http://kms.internal.example"),
        }, _ => throw new InvalidOperationException("not called"));

        var error = Assert.Throws<InvalidOperationException>(() => factory.ChannelFor(GoogleApi.Kms));
        Assert.Contains("https", error.Message, StringComparison.Ordinal);
    }
}
