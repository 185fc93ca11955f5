using Custody.Gcp.Channels;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Publishes to Pub/Sub topics of <see cref="GoogleCloudOptions.ProjectId"/>, one instance per process.
/// Behaviour of Google's client libraries (docs/google-cloud.md, "Behaviour taken from Google's Pub/Sub client"):
/// batches per (topic, ordering key) by <see cref="PublisherSettings"/>; one batch in flight per ordering key so
/// order is preserved; messages without a key batch freely; retries with jittered exponential backoff on
/// retryable statuses within an overall deadline; a key that fails permanently stays paused
/// (<see cref="OrderingKeyPausedException"/>) until <see cref="ResumePublish"/>; dispose flushes everything.
/// </summary>
public sealed partial class PubSubPublisher : IAsyncDisposable
{
    private readonly Publisher.PublisherClient _client;
    private readonly string _projectId;
    private readonly PublisherSettings _settings;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Topic, string Key), PublishQueue> _queues = [];
    private int _unfinished;
    private bool _disposed;
    private TaskCompletionSource? _drained;

    public PubSubPublisher(GoogleChannelFactory channels, PublisherSettings settings, ILogger<PubSubPublisher> logger)
        : this(channels.ChannelFor(GoogleApi.PubSub).CreateCallInvoker(), channels.Options.ProjectId, settings, logger)
    {
    }

    /// <summary>For tests: publish through any call invoker (an intercepted channel, an in-process fake).</summary>
    internal PubSubPublisher(CallInvoker invoker, string projectId, PublisherSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(invoker);
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(logger);
        settings.Validate();
        _client = new Publisher.PublisherClient(invoker);
        _projectId = projectId;
        _settings = settings;
        _logger = logger;
    }

    /// <summary>
    /// Queues <paramref name="message"/> and completes with its server message id once its batch is accepted.
    /// <paramref name="cancellationToken"/> stops waiting; a message already queued may still be published.
    /// </summary>
    /// <exception cref="ArgumentException">The topic id or the message breaks Pub/Sub's rules.</exception>
    /// <exception cref="OrderingKeyPausedException">The message's ordering key is paused after a failure.</exception>
    /// <exception cref="PublishFailedException">The batch was refused or retries ran out.</exception>
    public Task<string> PublishAsync(string topicId, OutgoingMessage message, CancellationToken cancellationToken = default)
    {
        var topicName = PubSubNames.Topic(_projectId, topicId);
        var pending = new PendingPublish(OutgoingMessageValidator.ToWire(message));
        cancellationToken.ThrowIfCancellationRequested();
        var key = pending.Message.OrderingKey;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_queues.TryGetValue((topicId, key), out var queue))
            {
                queue = new PublishQueue(topicId, topicName, key);
                _queues[(topicId, key)] = queue;
            }

            if (queue.Failure is not null)
            {
                throw new OrderingKeyPausedException(topicId, key, queue.Failure);
            }

            _unfinished++;
            queue.Add(pending, _settings);
            if (queue.OpenCount == 1)
            {
                _ = SealAfterDelayAsync(queue, queue.Generation);
            }

            Pump(queue);
        }

        return cancellationToken.CanBeCanceled ? pending.Completion.Task.WaitAsync(cancellationToken) : pending.Completion.Task;
    }

    /// <summary>Allows publishing again on an ordering key paused by a failure.</summary>
    public void ResumePublish(string topicId, string orderingKey)
    {
        PubSubNames.ValidateId(topicId, nameof(topicId));
        ArgumentException.ThrowIfNullOrEmpty(orderingKey);
        lock (_gate)
        {
            if (_queues.TryGetValue((topicId, orderingKey), out var queue) && queue.Failure is not null)
            {
                queue.Failure = null;
                Log.Resumed(_logger, topicId, orderingKey);
                RemoveIfIdle(queue);
            }
        }
    }

    /// <summary>Sends every queued message and waits until each is published or has failed.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                foreach (var queue in _queues.Values.ToList())
                {
                    queue.Seal();
                    Pump(queue);
                }

                _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_unfinished == 0)
                {
                    _drained.TrySetResult();
                }
            }

            drained = _drained!.Task;
        }

        await drained.ConfigureAwait(false);
    }

    private async Task SealAfterDelayAsync(PublishQueue queue, long generation)
    {
        await Task.Delay(_settings.MaxBatchDelay).ConfigureAwait(false);
        lock (_gate)
        {
            if (queue.Generation == generation)
            {
                queue.Seal();
                Pump(queue);
            }
        }
    }

    // Under _gate: start every batch that may go now (one at a time for an ordering key).
    private void Pump(PublishQueue queue)
    {
        while (queue.Sealed.Count > 0 && !(queue.Ordered && queue.InFlight))
        {
            var batch = queue.Sealed.Dequeue();
            queue.InFlight = queue.Ordered;
            _ = Task.Run(() => SendAsync(queue, batch));
        }
    }

    private async Task SendAsync(PublishQueue queue, List<PendingPublish> batch)
    {
        IReadOnlyList<string> ids;
        try
        {
            ids = await PublishWithRetryAsync(queue, batch).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RpcException or PublishFailedException or TimeoutException)
        {
            Fail(queue, batch, ex);
            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(ids[i]);
        }

        lock (_gate)
        {
            queue.InFlight = false;
            Pump(queue);
            RemoveIfIdle(queue);
            Finished(batch.Count);
        }
    }

    private void Fail(PublishQueue queue, List<PendingPublish> batch, Exception error)
    {
        var status = (error as RpcException)?.StatusCode;
        var key = queue.Ordered ? queue.OrderingKey : null;
        var failure = error as PublishFailedException
            ?? new PublishFailedException($"Publishing {batch.Count} message(s) to topic '{queue.TopicId}' failed{(status is null ? "" : $" with {status}")}.", queue.TopicId, key, status, error);
        Log.PublishFailed(_logger, queue.TopicId, key ?? "", batch.Count, status?.ToString() ?? error.GetType().Name);
        var failed = new List<PendingPublish>(batch);
        lock (_gate)
        {
            queue.InFlight = false;
            if (queue.Ordered)
            {
                // A later message must never overtake a failed one: pause the key and fail what is queued behind it.
                queue.Failure = failure;
                failed.AddRange(queue.TakeAllQueued());
            }
            else
            {
                Pump(queue);
            }

            Finished(failed.Count);
        }

        foreach (var message in batch)
        {
            message.Completion.TrySetException(failure);
        }

        foreach (var message in failed.Skip(batch.Count))
        {
            message.Completion.TrySetException(new OrderingKeyPausedException(queue.TopicId, queue.OrderingKey, failure));
        }
    }

    private async Task<IReadOnlyList<string>> PublishWithRetryAsync(PublishQueue queue, List<PendingPublish> batch)
    {
        var request = new PublishRequest { Topic = queue.TopicName };
        request.Messages.AddRange(batch.Select(m => m.Message));
        var headers = RoutingHeaders.For("topic", queue.TopicName);
        var overall = DateTime.UtcNow + _settings.TotalTimeout;
        var backoff = new ExponentialBackoff(_settings.InitialRetryDelay, _settings.RetryDelayMultiplier, _settings.MaxRetryDelay);
        for (var attempt = 1; ; attempt++)
        {
            var attemptDeadline = DateTime.UtcNow + _settings.AttemptTimeout;
            try
            {
                var response = await _client.PublishAsync(request, headers, attemptDeadline < overall ? attemptDeadline : overall).ConfigureAwait(false);
                return response.MessageIds.Count == batch.Count
                    ? response.MessageIds
                    : throw new PublishFailedException($"Pub/Sub returned {response.MessageIds.Count} message ids for {batch.Count} messages.", queue.TopicId, queue.Ordered ? queue.OrderingKey : null, null, null);
            }
            catch (RpcException ex) when (RetryableStatus.IsRetryable(ex, CancellationToken.None))
            {
                var delay = backoff.Next();
                if (DateTime.UtcNow + delay >= overall)
                {
                    throw;
                }

                Log.Retrying(_logger, queue.TopicId, attempt, ex.StatusCode, delay.TotalMilliseconds);
                await Task.Delay(delay).ConfigureAwait(false);
            }
        }
    }

    // Under _gate.
    private void RemoveIfIdle(PublishQueue queue)
    {
        if (queue.IsIdle && queue.Failure is null)
        {
            _queues.Remove((queue.TopicId, queue.OrderingKey));
        }
    }

    // Under _gate.
    private void Finished(int messages)
    {
        _unfinished -= messages;
        if (_unfinished == 0)
        {
            _drained?.TrySetResult();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Publish to {TopicId} failed (attempt {Attempt}, {Status}); retrying in {DelayMs:0} ms")]
        public static partial void Retrying(ILogger logger, string topicId, int attempt, StatusCode status, double delayMs);

        [LoggerMessage(Level = LogLevel.Error, Message = "Publishing {Count} message(s) to {TopicId} (ordering key '{OrderingKey}') failed: {Reason}")]
        public static partial void PublishFailed(ILogger logger, string topicId, string orderingKey, int count, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Publishing resumed on {TopicId} ordering key '{OrderingKey}'")]
        public static partial void Resumed(ILogger logger, string topicId, string orderingKey);
    }
}
