using Custody.Gcp.PubSub;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Custody.Gcp.Tests.PubSub;

// The emulator cannot be told to fail, so these run against an in-process fake Publisher service.
public sealed class when_the_publish_server_fails : IAsyncLifetime
{
    private static readonly PublisherSettings FastRetries = new() { InitialRetryDelay = TimeSpan.FromMilliseconds(10), MaxRetryDelay = TimeSpan.FromMilliseconds(100), TotalTimeout = TimeSpan.FromSeconds(20), AttemptTimeout = TimeSpan.FromSeconds(5) };
    private readonly FakePublisherService _fake = new();
    private InProcessGrpcServer? _server;
    private Custody.Gcp.Channels.GoogleChannelFactory? _channels;

    public async ValueTask InitializeAsync()
    {
        _server = await InProcessGrpcServer.StartAsync(_fake);
        _channels = _server.Channels("fake-project");
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Cancelled)]
    [InlineData(StatusCode.ResourceExhausted)]
    public async Task a_transient_status_twice_is_retried_until_the_batch_is_accepted(StatusCode transient)
    {
        _fake.Respond = (call, _) => call <= 2 ? transient : null;
        await using var publisher = new PubSubPublisher(_channels!, FastRetries, NullLogger<PubSubPublisher>.Instance);

        var id = await publisher.PublishAsync("payments", EmulatedPubSub.Text("pay"), TestContext.Current.CancellationToken);

        Assert.Equal("3-0", id);
        Assert.Equal(3, _fake.Calls);
        Assert.All(_fake.RoutingHeaders, h => Assert.Equal("topic=projects%2Ffake-project%2Ftopics%2Fpayments", h));
    }

    [Fact]
    public async Task a_permanent_failure_is_not_retried_and_pauses_the_ordering_key_until_resumed()
    {
        var ct = TestContext.Current.CancellationToken;
        var refuse = true;
        _fake.Respond = (_, request) => refuse && request.Messages[0].OrderingKey == "wallet-1" ? StatusCode.PermissionDenied : null;
        await using var publisher = new PubSubPublisher(_channels!, FastRetries, NullLogger<PubSubPublisher>.Instance);

        var failed = await Assert.ThrowsAsync<PublishFailedException>(() => publisher.PublishAsync("payments", EmulatedPubSub.Text("first", "wallet-1"), ct));
        Assert.Equal(StatusCode.PermissionDenied, failed.Status);
        Assert.Equal(1, _fake.Calls);

        refuse = false;
        await Assert.ThrowsAsync<OrderingKeyPausedException>(() => publisher.PublishAsync("payments", EmulatedPubSub.Text("second", "wallet-1"), ct));
        Assert.Equal(1, _fake.Calls);
        Assert.NotEmpty(await publisher.PublishAsync("payments", EmulatedPubSub.Text("other key", "wallet-2"), ct));

        publisher.ResumePublish("payments", "wallet-1");
        Assert.NotEmpty(await publisher.PublishAsync("payments", EmulatedPubSub.Text("third", "wallet-1"), ct));
    }

    [Fact]
    public async Task messages_queued_behind_a_failed_batch_of_the_same_key_fail_too_and_are_never_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new ManualResetEventSlim(false);
        _fake.Respond = (call, _) =>
        {
            gate.Wait(TimeSpan.FromSeconds(10), ct);
            return call == 1 ? StatusCode.InvalidArgument : null;
        };
        await using var publisher = new PubSubPublisher(_channels!, FastRetries, NullLogger<PubSubPublisher>.Instance);

        var first = publisher.PublishAsync("payments", EmulatedPubSub.Text("one", "wallet-9"), ct);
        await Custody.Testing.Eventually.UntilAsync(() => _fake.Calls == 1, TimeSpan.FromSeconds(10), "the first batch in flight", ct);
        var second = publisher.PublishAsync("payments", EmulatedPubSub.Text("two", "wallet-9"), ct);
        gate.Set();

        await Assert.ThrowsAsync<PublishFailedException>(() => first);
        await Assert.ThrowsAsync<OrderingKeyPausedException>(() => second);
        Assert.Equal(1, _fake.Calls);
    }

    public async ValueTask DisposeAsync()
    {
        _channels?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
