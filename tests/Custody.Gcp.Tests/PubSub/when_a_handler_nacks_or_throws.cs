using System.Collections.Concurrent;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_a_handler_nacks_or_throws(PubSubEmulator emulator) : IAsyncDisposable
{
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task the_message_is_redelivered_with_a_higher_delivery_attempt_and_acked_only_when_handled()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("retried", "retried-topic", DeadLetterTopicId: "retried-dlq", MaxDeliveryAttempts: 10), ct);
        var id = await _pubSub.Publisher().PublishAsync("retried-topic", EmulatedPubSub.Text("transfer 1"), ct);
        var attempts = new ConcurrentQueue<(string Id, int Attempt)>();
        var subscriber = _pubSub.Subscriber("retried");
        await subscriber.StartAsync(
            (message, _) =>
            {
                attempts.Enqueue((message.MessageId, message.DeliveryAttempt));
                return attempts.Count switch
                {
                    1 => throw new InvalidOperationException("handler bug"),
                    2 => Task.FromResult(AckDecision.Nack),
                    _ => Task.FromResult(AckDecision.Ack),
                };
            },
            ct);

        await Eventually.UntilAsync(() => attempts.Count >= 3, TimeSpan.FromSeconds(30), "three deliveries", ct);
        await subscriber.StopAsync(ct);

        Assert.All(attempts, a => Assert.Equal(id, a.Id));
        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt).Take(3));
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
