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
