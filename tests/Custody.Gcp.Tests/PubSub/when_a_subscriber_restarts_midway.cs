using System.Collections.Concurrent;
using System.Security.Cryptography;
using Custody.Gcp.PubSub;
using Custody.Testing;

namespace Custody.Gcp.Tests.PubSub;

public sealed class when_a_subscriber_restarts_midway(PubSubEmulator emulator) : IAsyncDisposable
{
    private const int Messages = 10_000;

    // A short ack deadline, so that any message a stop failed to hand back (left on a stale stream) would be
    // redelivered within the test, with a delivery attempt more.
    private const int AckDeadline = 10;
    private static readonly SubscriberSettings Settings = new() { StreamAckDeadlineSeconds = AckDeadline };
    private readonly EmulatedPubSub _pubSub = new(emulator);

    [Fact]
    public async Task every_published_message_is_handled_at_least_once()
    {
        var ct = TestContext.Current.CancellationToken;
        // Pub/Sub's smallest budget of delivery attempts: a graceful stop must not spend any.
        await _pubSub.Provisioner.EnsureSubscriptionAsync(new SubscriptionSpec("restart", "restart-topic", AckDeadline, DeadLetterTopicId: "restart-dlq", MaxDeliveryAttempts: 5), ct);
        var payload = RandomNumberGenerator.GetBytes(1024);
        var publisher = _pubSub.Publisher();
        var ids = await Task.WhenAll(Enumerable.Range(0, Messages).Select(i =>
            publisher.PublishAsync("restart-topic", new OutgoingMessage(payload, new Dictionary<string, string> { ["n"] = $"{i}" }), ct)));

        var handled = new ConcurrentDictionary<string, int>();
        Task<AckDecision> Handle(IncomingMessage message, CancellationToken _)
        {
            handled.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
            return Task.FromResult(AckDecision.Ack);
        }

        var first = _pubSub.Subscriber("restart", Settings);
        await first.StartAsync(Handle, ct);
        await Eventually.UntilAsync(() => handled.Count >= Messages / 3, TimeSpan.FromSeconds(60), "a third of the messages handled", ct);
        await first.StopAsync(ct);
        var handledByFirst = handled.Count;

        var second = _pubSub.Subscriber("restart", Settings);
        await second.StartAsync(Handle, ct);
        var waited = await Record.ExceptionAsync(() => Eventually.UntilAsync(() => ids.All(handled.ContainsKey), TimeSpan.FromSeconds(90), "every message handled after the restart", ct));
        Assert.True(waited is null, $"{ids.Count(handled.ContainsKey)} of {Messages} handled ({handledByFirst} by the first subscriber): {waited?.Message}");

        await DeadLetters.AssertOnlyFailedAsync(_pubSub.Channels, "restart", m => m.Attributes["n"], new HashSet<string>(), ct);
        Assert.InRange(handledByFirst, Messages / 3, Messages - 1);
        Assert.Equal(Messages, ids.Distinct().Count());
    }

    public ValueTask DisposeAsync() => _pubSub.DisposeAsync();
}
