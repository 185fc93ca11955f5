using System.Collections.Concurrent;
using System.Diagnostics;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>
/// A graceful stop hands the subscription back at once: the emulator keeps routing messages to a StreamingPull
/// that was cancelled without being half-closed, where they wait out their ack deadline (a wasted delivery
/// attempt each). After a stop that half-closes and drains, the next subscriber gets every new message at once.
/// </summary>
public sealed class when_a_stopped_subscriber_is_replaced(PubSubEmulator emulator) : IAsyncDisposable
{
    private const int AckDeadline = 10;
    private const int InFlight = 30;
    private const int After = 200;
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task the_new_subscriber_receives_every_new_message_promptly_on_its_first_delivery_attempt()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("handover", "handover-topic", AckDeadline, DeadLetterTopicId: "handover-dlq", MaxDeliveryAttempts: 5), ct);
        var publisher = _pubSub.Publisher();
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(i => publisher.PublishAsync("handover-topic", EmulatedPubSub.Text($"before {i}"), ct)));

        // The first subscriber holds messages in its handlers (and more undispatched) when it is stopped.
        var release = new TaskCompletionSource<AckDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var first = _pubSub.Subscriber("handover", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline, MaxConcurrentHandlers = 4 });
        await first.StartAsync((_, _) => { Interlocked.Increment(ref entered); return release.Task; }, ct);
        await Eventually.UntilAsync(() => Volatile.Read(ref entered) == 4 && first.Outstanding > 4, TimeSpan.FromSeconds(30), "handlers busy and messages held", ct);
        var stopping = first.StopAsync(ct);
        release.SetResult(AckDecision.Ack);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30), ct);

        var ids = await Task.WhenAll(Enumerable.Range(0, After).Select(i => publisher.PublishAsync("handover-topic", EmulatedPubSub.Text($"after {i}"), ct)));
        var attempts = new ConcurrentDictionary<string, int>();
        var second = _pubSub.Subscriber("handover", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline });
        var clock = Stopwatch.StartNew();
        await second.StartAsync(
            (message, _) =>
            {
                attempts.AddOrUpdate(message.MessageId, message.DeliveryAttempt, (_, seen) => Math.Max(seen, message.DeliveryAttempt));
                return Task.FromResult(AckDecision.Ack);
            },
            ct);
        await Eventually.UntilAsync(() => ids.All(attempts.ContainsKey), TimeSpan.FromSeconds(90), $"all {After} new messages", ct);
        var elapsed = clock.Elapsed;

        var summary = $"all {After} new messages handled {elapsed.TotalSeconds:0.0} s after the new subscriber started; delivery attempts: "
            + string.Join(", ", ids.GroupBy(id => attempts[id]).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        Assert.True(ids.All(id => attempts[id] == 1), summary);
        Assert.True(elapsed < Prompt, summary);
    }

    // Without the half-close, the messages routed to the stale stream come back only after the ack deadline.
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
