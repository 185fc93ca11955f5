using Custody.Gcp.Channels;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Receives the messages of one subscription over StreamingPull, as Google's client libraries do
/// (docs/google-cloud.md, "Behaviour taken from Google's Pub/Sub client"): a receipt deadline change on delivery, client-side flow
/// control (<see cref="FlowGate"/>), lease extension (<see cref="LeaseKeeper"/>), batched unary acks and nacks
/// (<see cref="AckQueue"/>), per-ordering-key sequential dispatch (<see cref="MessageDispatcher"/>), reconnection
/// with backoff on retryable stream errors, an empty keep-alive request on the stream, and a graceful stop that
/// half-closes the stream and lets the server end it (<see cref="StopAsync"/>).
/// A handler that throws nacks its message; nothing is acked on error. Message contents are never logged.
/// </summary>
public sealed partial class PubSubSubscriber : IAsyncDisposable
{
    private readonly Subscriber.SubscriberClient _client;
    private readonly string _subscriptionId;
    private readonly string _subscription;
    private readonly SubscriberSettings _settings;
    private readonly ILogger _logger;
    private readonly string _clientId = Guid.NewGuid().ToString("N");
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopPulling = new();
    private readonly CancellationTokenSource _stopLeases = new();
    private readonly CancellationTokenSource _abortStream = new();
    private readonly Lock _lifecycle = new();
    private FlowGate? _flow;
    private AckQueue? _acks;
    private LeaseKeeper? _leases;
    private MessageDispatcher? _dispatcher;
    private IClientStreamWriter<StreamingPullRequest>? _stream;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource? _streaming;
    private Task _pullLoop = Task.CompletedTask;
    private Task _dispatchLoop = Task.CompletedTask;
    private Task _leaseLoop = Task.CompletedTask;
    private Task _keepAliveLoop = Task.CompletedTask;
    private Task? _stopped;

    public PubSubSubscriber(GoogleChannelFactory channels, string subscriptionId, SubscriberSettings settings, ILogger<PubSubSubscriber> logger)
        : this(channels.ChannelFor(GoogleApi.PubSub).CreateCallInvoker(), channels.Options.ProjectId, subscriptionId, settings, logger)
    {
    }

    /// <summary>For tests: subscribe through any call invoker (an in-process fake server).</summary>
    internal PubSubSubscriber(CallInvoker invoker, string projectId, string subscriptionId, SubscriberSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        settings.Validate();
        _client = new Subscriber.SubscriberClient(invoker);
        _subscriptionId = subscriptionId;
        _subscription = PubSubNames.Subscription(projectId, subscriptionId);
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Messages received and not yet finished (held or in a handler).</summary>
    public int Outstanding => _flow?.Messages ?? 0;

    /// <summary>
    /// Completes when the subscriber has stopped; faults with the <see cref="RpcException"/> when the stream failed
    /// for a reason reconnecting does not fix (NOT_FOUND, PERMISSION_DENIED, ...). Such a failure is also logged.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>
    /// Starts pulling and returns once the stream is open (its first request written). Fails if the stream
    /// fails before that for a reason retrying does not fix; a later failure faults <see cref="Completion"/>.
    /// </summary>
    public async Task StartAsync(Func<IncomingMessage, CancellationToken, Task<AckDecision>> handler, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Task streaming;
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_stopped is not null, this);
            if (_streaming is not null)
            {
                throw new InvalidOperationException("This subscriber was already started; create a new one to subscribe again.");
            }

            _streaming = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            streaming = _streaming.Task;
            _flow = new FlowGate(_settings.MaxOutstandingMessages, _settings.MaxOutstandingBytes);
            _acks = new AckQueue(_client, _subscription, _settings, _logger);
            _leases = new LeaseKeeper(_acks, _settings, _logger);
            _dispatcher = new MessageDispatcher(handler, Math.Min(_settings.MaxConcurrentHandlers, _settings.MaxOutstandingMessages), Finish, _logger);
            _acks.Start();
            _leaseLoop = Task.Run(() => _leases.RunAsync(_stopLeases.Token), CancellationToken.None);
            _dispatchLoop = Task.Run(() => _dispatcher.RunAsync(_stopPulling.Token), CancellationToken.None);
            _pullLoop = Task.Run(() => PullLoopAsync(_stopPulling.Token), CancellationToken.None);
            _keepAliveLoop = Task.Run(() => KeepAliveAsync(_stopPulling.Token), CancellationToken.None);
        }

        Log.Starting(_logger, _subscriptionId, _settings.StreamAckDeadlineSeconds, _settings.MaxOutstandingMessages);
        try
        {
            await streaming.WaitAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException)
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Graceful stop, as Google's client does: stop dispatching and reconnecting, half-close the StreamingPull so
    /// the server stops routing messages to it, nack every message not yet dispatched (and any that still arrives),
    /// let running handlers finish (up to <see cref="SubscriberSettings.ShutdownTimeout"/> or <paramref name="ct"/>,
    /// then their token is cancelled), wait for the server to end the stream (up to
    /// <see cref="SubscriberSettings.StreamCloseTimeout"/>, then the call is cancelled), flush acks.
    /// A stream that is cancelled without the half-close stays a delivery target on the emulator: messages routed
    /// to it wait out their ack deadline and come back with a wasted delivery attempt.
    /// </summary>
    public Task StopAsync(CancellationToken ct)
    {
        lock (_lifecycle)
        {
            _stopped ??= StopCoreAsync(ct);
            return _stopped;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopPulling.Dispose();
        _stopLeases.Dispose();
        _abortStream.Dispose();
        _writeLock.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken ct)
    {
        await _stopPulling.CancelAsync().ConfigureAwait(false);
        await HalfCloseAsync().ConfigureAwait(false);
        var streamClosed = WaitForStreamEndAsync(ct);
        await Task.WhenAll(_dispatchLoop, _keepAliveLoop).ConfigureAwait(false);
        if (_dispatcher is null || _acks is null)
        {
            await streamClosed.ConfigureAwait(false);
            _completion.TrySetResult();
            return;
        }

        var undispatched = _dispatcher.TakeUndispatched();
        foreach (var delivery in undispatched)
        {
            Finish(delivery, AckDecision.Nack);
        }

        try
        {
            await _dispatcher.WhenIdleAsync().WaitAsync(_settings.ShutdownTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Log.HandlersStillRunning(_logger, _subscriptionId, _dispatcher.Running);
            _dispatcher.CancelHandlers();
        }

        await streamClosed.ConfigureAwait(false);
        await _stopLeases.CancelAsync().ConfigureAwait(false);
        await _leaseLoop.ConfigureAwait(false);
        await _acks.CompleteAsync().ConfigureAwait(false);
        _streaming?.TrySetCanceled(CancellationToken.None);
        _completion.TrySetResult();
        Log.Stopped(_logger, _subscriptionId, undispatched.Count);
    }

    // After the half-close the server ends the stream; one that does not within the bound (or when the caller
    // gives up) is cancelled.
    private async Task WaitForStreamEndAsync(CancellationToken ct)
    {
        try
        {
            await _pullLoop.WaitAsync(_settings.StreamCloseTimeout, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            Log.StreamNotClosed(_logger, _subscriptionId, _settings.StreamCloseTimeout.TotalMilliseconds);
            await _abortStream.CancelAsync().ConfigureAwait(false);
            await _pullLoop.ConfigureAwait(false);
        }
    }

    // A handler finished (or a message is let go): the message leaves the lease and the flow control.
    private void Finish(Delivery delivery, AckDecision decision)
    {
        _leases!.Remove(delivery.AckId);
        if (decision == AckDecision.Ack)
        {
            _acks!.Ack(delivery.AckId);
        }
        else
        {
            _acks!.Nack(delivery.AckId);
        }

        _flow!.Release(delivery.Bytes);
    }

    // Reads until stopped. On stop the stream is half-closed (HalfCloseAsync) but still read, so the server can
    // end it: messages that arrive meanwhile are nacked at once; only the stop's bound cancels the call.
    private async Task PullLoopAsync(CancellationToken stop)
    {
        var backoff = new ExponentialBackoff(_settings.ReconnectInitialDelay, 2, _settings.ReconnectMaxDelay);
        var headers = RoutingHeaders.For("subscription", _subscription);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var call = _client.StreamingPull(headers, cancellationToken: _abortStream.Token);
                await WriteAsync(call.RequestStream, new StreamingPullRequest
                {
                    Subscription = _subscription,
                    StreamAckDeadlineSeconds = _settings.StreamAckDeadlineSeconds,
                    ClientId = _clientId,
                    MaxOutstandingMessages = _settings.MaxOutstandingMessages,
                    MaxOutstandingBytes = _settings.MaxOutstandingBytes,
                }, isFirst: true).ConfigureAwait(false);
                _streaming!.TrySetResult();
                Log.StreamOpened(_logger, _subscriptionId);
                while (await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                {
                    backoff.Reset();
                    foreach (var received in call.ResponseStream.Current.ReceivedMessages)
                    {
                        if (stop.IsCancellationRequested)
                        {
                            _acks!.Nack(received.AckId);
                        }
                        else
                        {
                            Receive(received);
                        }
                    }

                    await WaitForRoomUnlessStoppingAsync(stop).ConfigureAwait(false);
                }

                if (stop.IsCancellationRequested)
                {
                    Log.StreamClosedOnStop(_logger, _subscriptionId);
                    break;
                }

                Log.StreamEnded(_logger, _subscriptionId, "closed by the server");
            }
            catch (Exception ex) when (ex is RpcException or OperationCanceledException && stop.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException ex) when (RetryableStatus.IsRetryable(ex, stop))
            {
                Log.StreamEnded(_logger, _subscriptionId, ex.StatusCode.ToString());
            }
            catch (RpcException ex)
            {
                Log.StreamFailed(_logger, _subscriptionId, ex.StatusCode, ex.Status.Detail);
                _streaming!.TrySetException(ex);
                _completion.TrySetException(ex);
                return;
            }
            finally
            {
                await ClearStreamAsync().ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(backoff.Next(), stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    // Client-side flow control: read no further while over the limits, except when stopping (then every
    // message read is nacked at once, and reading on lets the server end the stream).
    private async Task WaitForRoomUnlessStoppingAsync(CancellationToken stop)
    {
        try
        {
            await _flow!.WaitForRoomAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void Receive(ReceivedMessage received)
    {
        var delivery = new Delivery(received.AckId, IncomingMessage.From(received), received.Message.CalculateSize());
        _flow!.Add(delivery.Bytes);
        _leases!.Add(delivery.AckId);
        _acks!.ModifyDeadline(delivery.AckId, _settings.StreamAckDeadlineSeconds); // receipt
        _dispatcher!.Enqueue(delivery);
    }

    private async Task KeepAliveAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_settings.KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                await WriteAsync(null, new StreamingPullRequest(), isFirst: false).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    // Writes on the current stream, one write at a time; a keep-alive without a stream is skipped. A stream opened
    // while the stop was under way is half-closed right after its first request.
    private async Task WriteAsync(IClientStreamWriter<StreamingPullRequest>? stream, StreamingPullRequest request, bool isFirst)
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (isFirst)
            {
                _stream = stream;
            }

            var target = _stream;
            if (target is null)
            {
                return;
            }

            try
            {
                await target.WriteAsync(request).ConfigureAwait(false);
            }
            catch (Exception ex) when (!isFirst && ex is RpcException or InvalidOperationException or IOException)
            {
                // The stream is going away; the pull loop reconnects.
                Log.KeepAliveFailed(_logger, _subscriptionId, ex.GetType().Name);
            }

            if (isFirst && _stopPulling.IsCancellationRequested)
            {
                await CompleteRequestsAsync(target).ConfigureAwait(false);
                _stream = null;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    // The half-close: no more requests on this stream; the server then ends it (the pull loop sees the end).
    private async Task HalfCloseAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stream is { } stream)
            {
                _stream = null;
                await CompleteRequestsAsync(stream).ConfigureAwait(false);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task CompleteRequestsAsync(IClientStreamWriter<StreamingPullRequest> stream)
    {
        try
        {
            await stream.CompleteAsync().ConfigureAwait(false);
            Log.HalfClosed(_logger, _subscriptionId);
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
        {
            // The stream already ended; nothing to close.
            Log.KeepAliveFailed(_logger, _subscriptionId, ex.GetType().Name);
        }
    }

    private async Task ClearStreamAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        _stream = null;
        _writeLock.Release();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber for {SubscriptionId} starting (ack deadline {AckDeadlineSeconds} s, max outstanding {MaxOutstanding})")]
        public static partial void Starting(ILogger logger, string subscriptionId, int ackDeadlineSeconds, int maxOutstanding);

        [LoggerMessage(Level = LogLevel.Debug, Message = "StreamingPull for {SubscriptionId} open")]
        public static partial void StreamOpened(ILogger logger, string subscriptionId);

        [LoggerMessage(Level = LogLevel.Information, Message = "StreamingPull for {SubscriptionId} ended ({Reason}); reconnecting")]
        public static partial void StreamEnded(ILogger logger, string subscriptionId, string reason);

        [LoggerMessage(Level = LogLevel.Error, Message = "StreamingPull for {SubscriptionId} failed with {Status}: {Detail}; not retrying")]
        public static partial void StreamFailed(ILogger logger, string subscriptionId, StatusCode status, string detail);

        [LoggerMessage(Level = LogLevel.Debug, Message = "Keep-alive on {SubscriptionId} failed ({ExceptionType})")]
        public static partial void KeepAliveFailed(ILogger logger, string subscriptionId, string exceptionType);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Subscriber for {SubscriptionId}: {Running} handler(s) still running at the shutdown timeout; cancelling them")]
        public static partial void HandlersStillRunning(ILogger logger, string subscriptionId, int running);

        [LoggerMessage(Level = LogLevel.Debug, Message = "StreamingPull for {SubscriptionId} half-closed (stopping)")]
        public static partial void HalfClosed(ILogger logger, string subscriptionId);

        [LoggerMessage(Level = LogLevel.Debug, Message = "StreamingPull for {SubscriptionId} ended by the server after the half-close")]
        public static partial void StreamClosedOnStop(ILogger logger, string subscriptionId);

        [LoggerMessage(Level = LogLevel.Warning, Message = "StreamingPull for {SubscriptionId} not ended by the server within {TimeoutMs} ms of the half-close; cancelling it")]
        public static partial void StreamNotClosed(ILogger logger, string subscriptionId, double timeoutMs);

        [LoggerMessage(Level = LogLevel.Information, Message = "Subscriber for {SubscriptionId} stopped; {Nacked} undispatched message(s) nacked")]
        public static partial void Stopped(ILogger logger, string subscriptionId, int nacked);
    }
}
