using System.Collections.Concurrent;
using System.Diagnostics;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

// 10 s is the shortest ack deadline Pub/Sub (and its emulator) accepts.
public sealed class when_a_handler_outlives_the_ack_deadline(PubSubEmulator emulator) : IAsyncDisposable
{
    private const int AckDeadline = 10;
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task without_lease_extension_the_message_is_redelivered_when_the_deadline_expires()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("expiring", "expiring-topic", AckDeadlineSeconds: AckDeadline), ct);
        var id = await _pubSub.Publisher().PublishAsync("expiring-topic", EmulatedPubSub.Text("slow"), ct);
        var deliveries = new ConcurrentQueue<(string Id, TimeSpan At)>();
        var release = new TaskCompletionSource<AckDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        var clock = Stopwatch.StartNew();
        var subscriber = _pubSub.Subscriber("expiring", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline, LeaseExtensionEnabled = false });
        await subscriber.StartAsync(
            (message, _) =>
            {
                deliveries.Enqueue((message.MessageId, clock.Elapsed));
                return deliveries.Count == 1 ? release.Task : Task.FromResult(AckDecision.Ack);
            },
            ct);

        await Eventually.UntilAsync(() => deliveries.Count >= 2, TimeSpan.FromSeconds(40), "a redelivery after the ack deadline", ct);
        release.SetResult(AckDecision.Ack);
        var all = deliveries.ToArray();
        Assert.All(all, d => Assert.Equal(id, d.Id));
        Assert.True(all[1].At - all[0].At >= TimeSpan.FromSeconds(AckDeadline - 1), $"redelivered after {(all[1].At - all[0].At).TotalSeconds:0.0} s, before the deadline");
    }

    [Fact]
    public async Task with_lease_extension_a_slow_handler_handles_the_message_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("leased", "leased-topic", AckDeadlineSeconds: AckDeadline), ct);
        await _pubSub.Publisher().PublishAsync("leased-topic", EmulatedPubSub.Text("slow but kept"), ct);
        var deliveries = 0;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscriber = _pubSub.Subscriber("leased", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline, LeaseExtensionEnabled = true });
        await subscriber.StartAsync(
            async (_, handlerCt) =>
            {
                if (Interlocked.Increment(ref deliveries) == 1)
                {
                    // The work itself takes longer than the ack deadline (1.6 deadlines); a redelivery would arrive meanwhile.
                    await Task.Delay(TimeSpan.FromSeconds(AckDeadline * 1.6), handlerCt);
                    finished.SetResult();
                }

                return AckDecision.Ack;
            },
            ct);

        await finished.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
        await subscriber.StopAsync(ct);
        Assert.Equal(1, Volatile.Read(ref deliveries));
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
