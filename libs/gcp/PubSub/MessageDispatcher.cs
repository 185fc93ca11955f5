using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Hands received messages to the handler: messages without an ordering key run concurrently, messages of one
/// ordering key one after another in arrival order (the next only after the previous handler finished), and
/// never more than <c>slots</c> handlers at once. A handler that throws means Nack. After a Nack on an ordering
/// key the messages queued behind it on that key are nacked too, so Pub/Sub redelivers them after it.
/// </summary>
internal sealed partial class MessageDispatcher
{
    private readonly Func<IncomingMessage, CancellationToken, Task<AckDecision>> _handler;
    private readonly Action<Delivery, AckDecision> _finish;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly Channel<Delivery> _incoming = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Delivery>> _busyKeys = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancelHandlers = new();
    private int _running;
    private TaskCompletionSource? _idle;

    public MessageDispatcher(Func<IncomingMessage, CancellationToken, Task<AckDecision>> handler, int slots, Action<Delivery, AckDecision> finish, ILogger logger)
    {
        _handler = handler;
        _finish = finish;
        _logger = logger;
        _slots = new SemaphoreSlim(slots, slots);
    }

    /// <summary>Handlers running now (for diagnostics and tests).</summary>
    public int Running => Volatile.Read(ref _running);

    public void Enqueue(Delivery delivery) => _incoming.Writer.TryWrite(delivery);

    /// <summary>Dispatches until <paramref name="stop"/>; undispatched messages stay for <see cref="TakeUndispatched"/>.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (await _incoming.Reader.WaitToReadAsync(stop).ConfigureAwait(false))
            {
                if (!_incoming.Reader.TryPeek(out var delivery))
                {
                    continue;
                }

                var key = delivery.Message.OrderingKey;
                if (key is null)
                {
                    await _slots.WaitAsync(stop).ConfigureAwait(false);
                    if (stop.IsCancellationRequested)
                    {
                        // Stopping won the race for the slot: the message stays undispatched (and is nacked).
                        _slots.Release();
                        break;
                    }

                    _incoming.Reader.TryRead(out _);
                    Track(RunOneAsync(delivery));
                    continue;
                }

                _incoming.Reader.TryRead(out _);
                lock (_gate)
                {
                    if (_busyKeys.TryGetValue(key, out var waiting))
                    {
                        waiting.Enqueue(delivery);
                        continue;
                    }

                    _busyKeys[key] = new Queue<Delivery>();
                }

                Track(RunKeyAsync(key, delivery, stop));
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Completes when no handler runs (call after <see cref="RunAsync"/> ended).</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            if (_running == 0)
            {
                return Task.CompletedTask;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _idle.Task;
        }
    }

    /// <summary>Cancels the token handlers were given (shutdown timeout reached).</summary>
    public void CancelHandlers() => _cancelHandlers.Cancel();

    /// <summary>Every received message not given to a handler: the caller nacks them.</summary>
    public List<Delivery> TakeUndispatched()
    {
        var left = new List<Delivery>();
        while (_incoming.Reader.TryRead(out var delivery))
        {
            left.Add(delivery);
        }

        lock (_gate)
        {
            foreach (var queue in _busyKeys.Values)
            {
                left.AddRange(queue);
                queue.Clear();
            }
        }

        return left;
    }

    private async Task RunOneAsync(Delivery delivery)
    {
        try
        {
            _finish(delivery, await InvokeAsync(delivery).ConfigureAwait(false));
        }
        finally
        {
            _slots.Release();
        }
    }

    // Runs the messages of one ordering key in order; the key stays busy until its queue is empty.
    private async Task RunKeyAsync(string key, Delivery first, CancellationToken stop)
    {
        var next = first;
        while (true)
        {
            try
            {
                await _slots.WaitAsync(stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    _slots.Release();
                    stop.ThrowIfCancellationRequested();
                }
            }
            catch (OperationCanceledException)
            {
                List<Delivery> rest;
                lock (_gate)
                {
                    rest = [next, .. _busyKeys[key]];
                    _busyKeys.Remove(key);
                }

                rest.ForEach(d => _finish(d, AckDecision.Nack));
                return;
            }

            AckDecision decision;
            try
            {
                decision = await InvokeAsync(next).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }

            _finish(next, decision);
            List<Delivery> behind = [];
            lock (_gate)
            {
                var queue = _busyKeys[key];
                if (decision == AckDecision.Nack && queue.Count > 0)
                {
                    behind.AddRange(queue);
                    queue.Clear();
                }

                if (!queue.TryDequeue(out next!))
                {
                    _busyKeys.Remove(key);
                }
            }

            if (behind.Count > 0)
            {
                Log.NackedBehind(_logger, behind.Count);
                behind.ForEach(d => _finish(d, AckDecision.Nack));
            }

            if (next is null)
            {
                return;
            }
        }
    }

    private async Task<AckDecision> InvokeAsync(Delivery delivery)
    {
        try
        {
            return await _handler(delivery.Message, _cancelHandlers.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A handler's failure of any kind means Nack: the message is redelivered, never acked on error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.HandlerFailed(_logger, delivery.Message.MessageId, delivery.Message.DeliveryAttempt, ex.GetType().Name, ex);
            return AckDecision.Nack;
        }
    }

    private void Track(Task work)
    {
        lock (_gate)
        {
            _running++;
        }

        _ = work.ContinueWith(
            _ =>
            {
                TaskCompletionSource? idle = null;
                lock (_gate)
                {
                    if (--_running == 0)
                    {
                        idle = _idle;
                        _idle = null;
                    }
                }

                idle?.TrySetResult();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Handler failed for message {MessageId} (delivery attempt {DeliveryAttempt}) with {ExceptionType}; nacked")]
        public static partial void HandlerFailed(ILogger logger, string messageId, int deliveryAttempt, string exceptionType, Exception exception);

        [LoggerMessage(Level = LogLevel.Information, Message = "Nacked {Count} message(s) queued behind a nacked message of the same ordering key")]
        public static partial void NackedBehind(ILogger logger, int count);
    }
}
