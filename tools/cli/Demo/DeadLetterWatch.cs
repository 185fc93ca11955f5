using System.Text.Json;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Messaging;
using Google.Cloud.PubSub.V1;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Cli.Demo;

/// <summary>
/// Watches every dead-letter topic of the stack (docs/messaging.md: each subscription's <c>{id}-dead-letter</c>) through
/// a subscription of its own, so that a wait for a request ends at once, with the reason, when a message about it is
/// dead-lettered instead of waiting out a deadline. The services' own dead-letter subscriptions are left untouched.
/// </summary>
internal sealed class DeadLetterWatch : IAsyncDisposable
{
    private readonly List<PubSubSubscriber> _subscribers = [];
    private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DeadLetterWatch()
    {
    }

    /// <summary>Completes with a description of the first dead letter seen (topic, reason, detail, request id).</summary>
    public Task<string> FirstDeadLetter => _first.Task;

    public int Topics => _subscribers.Count;

    public static async Task<DeadLetterWatch> StartAsync(GoogleChannelFactory channels, CancellationToken ct)
    {
        var watch = new DeadLetterWatch();
        try
        {
            var provisioner = new PubSubProvisioner(channels);
            foreach (var topic in await DeadLetterTopicsAsync(channels, ct).ConfigureAwait(false))
            {
                var subscription = "demo-watch-" + topic;
                await provisioner.EnsureSubscriptionAsync(new SubscriptionSpec(subscription, topic), ct).ConfigureAwait(false);
                var subscriber = new PubSubSubscriber(channels, subscription, new SubscriberSettings(), NullLogger<PubSubSubscriber>.Instance);
                watch._subscribers.Add(subscriber);
                await subscriber.StartAsync((message, _) => Task.FromResult(watch.Seen(topic, message)), ct).ConfigureAwait(false);
            }
        }
        catch
        {
            await watch.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return watch;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<IReadOnlyList<string>> DeadLetterTopicsAsync(GoogleChannelFactory channels, CancellationToken ct)
    {
        var publisher = new Publisher.PublisherClient(channels.ChannelFor(GoogleApi.PubSub).CreateCallInvoker());
        var topics = new List<string>();
        var request = new ListTopicsRequest { Project = "projects/" + channels.Options.ProjectId, PageSize = 100 };
        do
        {
            var page = await publisher.ListTopicsAsync(request, cancellationToken: ct);
            topics.AddRange(page.Topics.Select(t => t.Name[(t.Name.LastIndexOf('/') + 1)..]).Where(id => id.EndsWith("-dead-letter", StringComparison.Ordinal)));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);
        return topics.Count > 0 ? topics : throw new DemoException("the stack's Pub/Sub project has no dead-letter topic: the services did not provision their topology.");
    }

    private AckDecision Seen(string topic, IncomingMessage message)
    {
        var reason = message.Attributes.GetValueOrDefault(CloudEventAttributes.DeadLetterReason) ?? "delivery attempts exhausted";
        var detail = message.Attributes.GetValueOrDefault(CloudEventAttributes.DeadLetterDetail);
        _first.TrySetResult($"a message was dead-lettered on {topic} (request {RequestId(message) ?? "unknown"}): {reason}{(detail is null ? "" : ": " + detail)}");
        return AckDecision.Ack;
    }

    /// <summary>The request id of an event body, when it is JSON with one (a poison message may be anything).</summary>
    private static string? RequestId(IncomingMessage message)
    {
        try
        {
            using var body = JsonDocument.Parse(message.Data);
            return body.RootElement.ValueKind == JsonValueKind.Object && body.RootElement.TryGetProperty("requestId", out var id)
                && id.ValueKind == JsonValueKind.String && Contracts.WireFormat.IsId(id.GetString())
                ? id.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
