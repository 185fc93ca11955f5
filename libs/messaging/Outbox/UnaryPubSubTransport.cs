using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Google.Cloud.PubSub.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Custody.Messaging.Outbox;

/// <summary>
/// The simplest real transport: one Pub/Sub Publish RPC per entry through the generated client, with the
/// topic routing header. No batching; the relay already keeps one entry in flight per ordering key.
/// Production services should prefer the batching PubSubPublisher (PUBSUB_CONTRACT.md) once wired.
/// </summary>
public sealed class UnaryPubSubTransport : IOutboxTransport
{
    private readonly Publisher.PublisherClient _client;
    private readonly string _projectId;

    public UnaryPubSubTransport(GoogleChannelFactory channels)
    {
        ArgumentNullException.ThrowIfNull(channels);
        _client = new Publisher.PublisherClient(channels.ChannelFor(GoogleApi.PubSub));
        _projectId = channels.Options.ProjectId;
    }

    public async Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(topicId);
        ArgumentNullException.ThrowIfNull(message);
        var topic = $"projects/{_projectId}/topics/{topicId}";
        var pubsubMessage = new PubsubMessage { Data = ByteString.CopyFrom(message.Data.Span), OrderingKey = message.OrderingKey ?? "" };
        foreach (var (name, value) in message.Attributes)
        {
            pubsubMessage.Attributes.Add(name, value);
        }

        var response = await _client.PublishAsync(
            new PublishRequest { Topic = topic, Messages = { pubsubMessage } },
            RoutingHeaders.For("topic", topic),
            cancellationToken: ct).ConfigureAwait(false);
        return response.MessageIds.Count == 1
            ? response.MessageIds[0]
            : throw new RpcException(new Status(StatusCode.Internal, "Pub/Sub returned no message id."));
    }
}
