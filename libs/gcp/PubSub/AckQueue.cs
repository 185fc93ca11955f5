using System.Diagnostics;
using System.Threading.Channels;
using Custody.Gcp.Channels;
using Google.Cloud.PubSub.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Batches acks, nacks (a deadline of 0) and deadline changes into unary Acknowledge / ModifyAckDeadline
/// calls, sent every <see cref="SubscriberSettings.AckBatchInterval"/> or at
/// <see cref="SubscriberSettings.MaxAckIdsPerRequest"/> ids, as Google's clients do. Within a batch the last
/// operation on an ack id wins, except that an ack is final. Failures are logged: Pub/Sub then redelivers,
/// which at-least-once handlers tolerate.
/// </summary>
internal sealed partial class AckQueue
{
    private const int Attempts = 3;
    private readonly Subscriber.SubscriberClient _client;
    private readonly string _subscription;
    private readonly Metadata _headers;
    private readonly TimeSpan _interval;
    private readonly int _maxIds;
    private readonly ILogger _logger;
    private readonly Channel<(string AckId, int? DeadlineSeconds)> _operations =
        Channel.CreateUnbounded<(string, int?)>(new UnboundedChannelOptions { SingleReader = true });

    private Task _loop = Task.CompletedTask;

    public AckQueue(Subscriber.SubscriberClient client, string subscription, SubscriberSettings settings, ILogger logger)
    {
        _client = client;
        _subscription = subscription;
        _headers = RoutingHeaders.For("subscription", subscription);
        _interval = settings.AckBatchInterval;
        _maxIds = settings.MaxAckIdsPerRequest;
        _logger = logger;
    }

    public void Start() => _loop = Task.Run(RunAsync);

    public void Ack(string ackId) => _operations.Writer.TryWrite((ackId, null));

    public void Nack(string ackId) => _operations.Writer.TryWrite((ackId, 0));

    public void ModifyDeadline(string ackId, int seconds) => _operations.Writer.TryWrite((ackId, seconds));

    /// <summary>Sends everything queued and stops.</summary>
    public async Task CompleteAsync()
    {
        _operations.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task RunAsync()
    {
        var reader = _operations.Reader;
        var batch = new Dictionary<string, int?>(StringComparer.Ordinal);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var flushAt = Stopwatch.GetTimestamp() + (long)(_interval.TotalSeconds * Stopwatch.Frequency);
            while (batch.Count < _maxIds)
            {
                while (batch.Count < _maxIds && reader.TryRead(out var operation))
                {
                    var isAcked = batch.TryGetValue(operation.AckId, out var existing) && existing is null;
                    batch[operation.AckId] = isAcked ? null : operation.DeadlineSeconds;
                }

                var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), flushAt);
                if (batch.Count >= _maxIds || remaining <= TimeSpan.Zero || !await MoreWithinAsync(reader, remaining).ConfigureAwait(false))
                {
                    break;
                }
            }

            await SendAsync(batch).ConfigureAwait(false);
            batch.Clear();
        }
    }

    private static async Task<bool> MoreWithinAsync(ChannelReader<(string, int?)> reader, TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task SendAsync(Dictionary<string, int?> batch)
    {
        var acks = batch.Where(o => o.Value is null).Select(o => o.Key).ToList();
        if (acks.Count > 0)
        {
            var request = new AcknowledgeRequest { Subscription = _subscription };
            request.AckIds.AddRange(acks);
            await CallAsync(() => _client.AcknowledgeAsync(request, _headers).ResponseAsync, "Acknowledge", acks.Count).ConfigureAwait(false);
        }

        foreach (var group in batch.Where(o => o.Value is not null).GroupBy(o => o.Value!.Value))
        {
            var request = new ModifyAckDeadlineRequest { Subscription = _subscription, AckDeadlineSeconds = group.Key };
            request.AckIds.AddRange(group.Select(o => o.Key));
            await CallAsync(() => _client.ModifyAckDeadlineAsync(request, _headers).ResponseAsync, "ModifyAckDeadline", request.AckIds.Count).ConfigureAwait(false);
        }
    }

    private async Task CallAsync(Func<Task> call, string method, int count)
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), 2, TimeSpan.FromSeconds(2));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await call().ConfigureAwait(false);
                return;
            }
            catch (RpcException ex) when (attempt < Attempts && RetryableStatus.IsRetryable(ex, CancellationToken.None))
            {
                await Task.Delay(backoff.Next()).ConfigureAwait(false);
            }
            catch (RpcException ex)
            {
                // Acks are best effort: an unacknowledged message is redelivered.
                Log.CallFailed(_logger, method, count, ex.StatusCode);
                return;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} for {Count} ack id(s) failed with {Status}; Pub/Sub will redeliver those messages")]
        public static partial void CallFailed(ILogger logger, string method, int count, StatusCode status);
    }
}
