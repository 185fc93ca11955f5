using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Testing;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_many_small_messages_are_published(PubSubEmulator emulator) : IAsyncDisposable
{
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task they_travel_in_batches_with_the_topic_routing_header()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureTopicAsync("batched", ct);
        var counter = new CountingInterceptor();
        var invoker = _pubSub.Channels.ChannelFor(GoogleApi.PubSub).Intercept(counter);
        const int messages = 1_000;
        await using (var publisher = new PubSubPublisher(invoker, _pubSub.ProjectId, new PublisherSettings { MaxBatchMessages = 100, MaxBatchDelay = TimeSpan.FromMilliseconds(50) }, NullLogger.Instance))
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, messages).Select(i => publisher.PublishAsync("batched", EmulatedPubSub.Text($"m{i}"), ct)));
            Assert.Equal(messages, ids.Distinct().Count());
        }

        Assert.InRange(counter.CallsTo("Publish"), messages / 100, messages / 20);
        Assert.All(counter.RoutingHeaders, h => Assert.Equal($"topic=projects%2F{_pubSub.ProjectId}%2Ftopics%2Fbatched", h));
    }

    [Fact]
    public async Task disposing_the_publisher_flushes_queued_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureTopicAsync("flushed", ct);
        Task<string>[] pending;
        await using (var publisher = new PubSubPublisher(_pubSub.Channels, new PublisherSettings { MaxBatchDelay = TimeSpan.FromHours(1) }, NullLogger<PubSubPublisher>.Instance))
        {
            pending = Enumerable.Range(0, 10).Select(i => publisher.PublishAsync("flushed", EmulatedPubSub.Text($"m{i}"), ct)).ToArray();
            Assert.DoesNotContain(pending, p => p.IsCompleted);
        }

        // Batches wait an hour for more messages: only the flush on dispose can have sent them.
        var ids = await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(10, ids.Distinct().Count());
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
