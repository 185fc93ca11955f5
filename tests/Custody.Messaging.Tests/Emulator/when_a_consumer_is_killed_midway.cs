using Custody.Gcp.Channels;
using Custody.Messaging.Tests.Support;
using Custody.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Custody.Messaging.Tests.Emulator;

/// <summary>
/// A consumer service killed with events in its handlers (its connections reset by a severed proxy: no half-close,
/// no cancel). Its replacement handles every event, and with the configured default of delivery attempts none that
/// a handler never failed on is dead-lettered, although the stale stream the kill left costs attempts.
/// </summary>
public sealed class when_a_consumer_is_killed_midway(PubSubEmulator emulator)
{
    private const string Subscription = "orders-restarted";
    private const int Before = 30;
    private const int After = 200;
    private readonly string _project = GoogleEmulator.NewProjectId("msg");

    private static void Declare<THandler>(MessagingBuilder m)
        where THandler : class, IEventHandler<OrderPlaced> =>
        m.AddEvent(TestEventTypes.OrderPlaced, "orders-restart")
            .AddSubscription<OrderPlaced, THandler>(Subscription, configure: s =>
            {
                s.AckDeadlineSeconds = 10;
                s.MaxConcurrentHandlers = 4;
            });

    [Fact]
    public async Task the_next_consumer_handles_every_event_and_none_is_dead_lettered()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = new HandlerGate();
        await using var proxy = new SeverableTcpProxy(emulator.Host);
        await using var killed = await EmulatorBus.StartAsync(emulator, _project, m =>
        {
            m.Services.AddSingleton(gate);
            Declare<BlockingHandler>(m);
        }, pubSubHost: proxy.Host);
        for (var i = 0; i < Before; i++)
        {
            await killed.Bus.PublishAsync(new OrderPlaced($"before-{i}", i, "1"), ct: ct);
        }

        await Eventually.UntilAsync(() => gate.Entered >= 4, EmulatorBus.Deadline, "handlers busy", ct);
        proxy.Sever();
        gate.Open();

        await using var next = await EmulatorBus.StartAsync(emulator, _project, Declare<RecordingHandler>);
        for (var i = 0; i < After; i++)
        {
            await next.Bus.PublishAsync(new OrderPlaced($"after-{i}", i, "1"), ct: ct);
        }

        string[] all = [.. Enumerable.Range(0, Before).Select(i => $"before-{i}"), .. Enumerable.Range(0, After).Select(i => $"after-{i}")];
        var handled = () => next.Inbox.Items.Select(r => r.Context.Event.OrderId).ToHashSet();
        var waited = await Record.ExceptionAsync(() => Eventually.UntilAsync(() => handled().IsSupersetOf(all), TimeSpan.FromSeconds(180), "every event handled by the next consumer", ct));

        var attempts = next.Inbox.Items.Select(r => r.Context.DeliveryAttempt).ToList();
        TestContext.Current.TestOutputHelper?.WriteLine("delivery attempts: " + string.Join(", ", attempts.GroupBy(a => a).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {g.Key}")));
        await DeadLetters.AssertOnlyFailedAsync(next.Services.GetRequiredService<GoogleChannelFactory>(), Subscription, m => m.Attributes["ce-id"], new HashSet<string>(), ct);
        Assert.Null(waited);
    }
}
