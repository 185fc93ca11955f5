using System.Collections.Concurrent;
using System.Text;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_a_message_keeps_failing(PubSubEmulator emulator) : IAsyncDisposable
{
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task it_lands_in_the_dead_letter_subscription_after_the_maximum_delivery_attempts()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("poison", "poison-topic", DeadLetterTopicId: "poison-dlq", MaxDeliveryAttempts: 5), ct);
        await _pubSub.Publisher().PublishAsync("poison-topic", EmulatedPubSub.Text("poison pill"), ct);
        var attempts = new ConcurrentQueue<int>();
        await _pubSub.Subscriber("poison").StartAsync(
            (message, _) =>
            {
                attempts.Enqueue(message.DeliveryAttempt);
                return Task.FromResult(AckDecision.Nack);
            },
            ct);

        var dead = new TaskCompletionSource<IncomingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        await _pubSub.Subscriber(PubSubProvisioner.DeadLetterSubscriptionId("poison")).StartAsync(
            (message, _) =>
            {
                dead.TrySetResult(message);
                return Task.FromResult(AckDecision.Ack);
            },
            ct);

        var deadLetter = await dead.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        Assert.Equal("poison pill", Encoding.UTF8.GetString(deadLetter.Data.Span));
        Assert.Equal([1, 2, 3, 4, 5], attempts.ToArray());
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
