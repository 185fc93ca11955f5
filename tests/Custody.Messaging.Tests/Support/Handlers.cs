using System.Collections.Concurrent;
using System.Diagnostics;

namespace Custody.Messaging.Tests.Support;

/// <summary>What a handler saw: the context and the Activity it ran in.</summary>
public sealed record Received<T>(EventContext<T> Context, ActivityContext Activity);

/// <summary>Per-test sink the handlers write to (registered as a singleton).</summary>
public sealed class Inbox<T>
{
    public ConcurrentQueue<Received<T>> Items { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();
}

/// <summary>Records every event it handles.</summary>
public sealed class RecordingHandler(Inbox<OrderPlaced> inbox) : IEventHandler<OrderPlaced>
{
    public Task HandleAsync(EventContext<OrderPlaced> context, CancellationToken ct)
    {
        inbox.Attempts.AddOrUpdate(context.EventId, 1, (_, n) => n + 1);
        inbox.Items.Enqueue(new Received<OrderPlaced>(context, Activity.Current?.Context ?? default));
        return Task.CompletedTask;
    }
}

/// <summary>Opened by the test; until then <see cref="BlockingHandler"/>s wait (messages stay in flight).</summary>
public sealed class HandlerGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entered;

    public int Entered => Volatile.Read(ref _entered);

    public void Open() => _open.TrySetResult();

    internal Task WaitAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _entered);
        return _open.Task.WaitAsync(ct);
    }
}

/// <summary>Holds every event until the <see cref="HandlerGate"/> opens, then completes (acks).</summary>
public sealed class BlockingHandler(HandlerGate gate) : IEventHandler<OrderPlaced>
{
    public Task HandleAsync(EventContext<OrderPlaced> context, CancellationToken ct) => gate.WaitAsync(ct);
}

/// <summary>Counts its attempts and always fails.</summary>
public sealed class ThrowingHandler(Inbox<OrderPlaced> inbox) : IEventHandler<OrderPlaced>
{
    public Task HandleAsync(EventContext<OrderPlaced> context, CancellationToken ct)
    {
        inbox.Attempts.AddOrUpdate(context.EventId, 1, (_, n) => n + 1);
        inbox.Items.Enqueue(new Received<OrderPlaced>(context, Activity.Current?.Context ?? default));
        throw new InvalidOperationException("the handler failed (test)");
    }
}
