using System.Collections.Concurrent;
using System.Diagnostics;
using Custody.Gcp.Channels;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

/// <summary>
/// A consumer killed with messages in flight: its connection to Pub/Sub is reset (no half-close, no cancel), so
/// the emulator keeps its stream as a delivery target and every message routed there waits out its ack deadline,
/// costing a delivery attempt. No message is lost, and with the restart budget of delivery attempts none that a
/// handler never failed on is dead-lettered.
/// </summary>
public sealed class when_a_subscriber_is_killed_midway(PubSubEmulator emulator) : IAsyncDisposable
{
    private const int AckDeadline = 10;
    private const int MaxDeliveryAttempts = 25; // the messaging layer's default (Messaging:MaxDeliveryAttempts)
    private const int Before = 30;
    private const int After = 200;
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task every_message_is_handled_by_the_next_subscriber_and_none_is_dead_lettered()
    {
        var ct = TestContext.Current.CancellationToken;
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("killed", "killed-topic", AckDeadline, DeadLetterTopicId: "killed-dlq", MaxDeliveryAttempts: MaxDeliveryAttempts), ct);
        var publisher = _pubSub.Publisher();
        OutgoingMessage Numbered(string batch, int i) => EmulatedPubSub.Text($"{batch} {i}", attributes: new Dictionary<string, string> { ["n"] = $"{batch}-{i}" });
        await Task.WhenAll(Enumerable.Range(0, Before).Select(i => publisher.PublishAsync("killed-topic", Numbered("before", i), ct)));

        // Two consumers die one after the other (a crash loop), each with handlers that never finish.
        var never = new TaskCompletionSource<AckDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        await KillAConsumerMidStreamAsync(never.Task, ct);
        await KillAConsumerMidStreamAsync(never.Task, ct);

        await Task.WhenAll(Enumerable.Range(0, After).Select(i => publisher.PublishAsync("killed-topic", Numbered("after", i), ct)));
        var attempts = new ConcurrentDictionary<string, int>();
        var clock = Stopwatch.StartNew();
        await _pubSub.Subscriber("killed", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline }).StartAsync(
            (message, _) =>
            {
                attempts.AddOrUpdate(message.Attributes["n"], message.DeliveryAttempt, (_, seen) => Math.Max(seen, message.DeliveryAttempt));
                return Task.FromResult(AckDecision.Ack);
            },
            ct);
        string[] all = [.. Enumerable.Range(0, Before).Select(i => $"before-{i}"), .. Enumerable.Range(0, After).Select(i => $"after-{i}")];
        var waited = await Record.ExceptionAsync(() => Eventually.UntilAsync(() => all.All(attempts.ContainsKey), TimeSpan.FromSeconds(240), "every message handled after the kills", ct));
        var summary = $"{all.Count(attempts.ContainsKey)} of {all.Length} handled in {clock.Elapsed.TotalSeconds:0.0} s; delivery attempts: "
            + string.Join(", ", attempts.Values.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);

        await DeadLetters.AssertOnlyFailedAsync(_pubSub.Channels, "killed", m => m.Attributes["n"], new HashSet<string>(), ct);
        Assert.True(waited is null, summary);
        never.TrySetResult(AckDecision.Nack);
    }

    // The doomed consumer reaches the emulator through a proxy that is then severed: what a killed process leaves.
    private async Task KillAConsumerMidStreamAsync(Task<AckDecision> never, CancellationToken ct)
    {
        await using var proxy = new SeverableTcpProxy(emulator.Host);
        using var channels = new GoogleChannelFactory(
            new GoogleCloudOptions { ProjectId = _pubSub.ProjectId, UseEmulators = true, PubSubEmulatorHost = proxy.Host },
            _ => throw new InvalidOperationException("no credentials for emulators"));
        var entered = 0;
        await using var doomed = new PubSubSubscriber(channels, "killed", new SubscriberSettings { StreamAckDeadlineSeconds = AckDeadline, MaxConcurrentHandlers = 4, ShutdownTimeout = TimeSpan.Zero }, new TestOutputLogger<PubSubSubscriber>());
        await doomed.StartAsync((_, _) => { Interlocked.Increment(ref entered); return never; }, ct);
        await Eventually.UntilAsync(() => Volatile.Read(ref entered) == 4 && doomed.Outstanding > 4, TimeSpan.FromSeconds(60), "handlers busy and messages held", ct);

        proxy.Sever();

        // Disposing the dead consumer's objects afterwards reaches nothing: the proxy refuses every connection.
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
