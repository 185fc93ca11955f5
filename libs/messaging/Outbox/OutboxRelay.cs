using System.Collections.Concurrent;
using System.Threading.Channels;
using Custody.Gcp.Firestore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Custody.Messaging.Outbox;

/// <summary>
/// Publishes committed outbox entries and marks them published (docs/state.md, "Outbox").
/// Each pass queries <c>outbox where published == false order by sequence</c>, publishes every ordering key's
/// entries one after another in sequence order (keys in parallel, unordered entries in parallel), and marks
/// each entry published after the transport accepted it. A failed publish stops its key for this pass, so a
/// later entry never overtakes an earlier one; the next pass retries after a jittered backoff.
/// Passes run on start (re-driving whatever a crashed relay left), whenever <see cref="Wake"/> is called
/// (after a commit in this process), and every <see cref="OutboxRelayOptions.PollInterval"/>.
/// A crash between publish and mark republishes the entry: delivery is at-least-once and consumers dedupe
/// (<see cref="Custody.Gcp.Firestore.ProcessedMarkers"/>).
/// Run one relay per database: two relays stay at-least-once but may publish the same entry twice.
/// </summary>
public sealed partial class OutboxRelay : BackgroundService
{
    private readonly FirestoreDatabase _database;
    private readonly IOutboxTransport _transport;
    private readonly OutboxRelayOptions _options;
    private readonly ILogger<OutboxRelay> _logger;
    private readonly TimeProvider _time;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _passLock = new(1, 1);
    private readonly ConcurrentDictionary<string, bool> _publishingNow = new(StringComparer.Ordinal);

    public OutboxRelay(FirestoreDatabase database, IOutboxTransport transport, OutboxRelayOptions options, ILogger<OutboxRelay> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.BatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConcurrentKeys);
        _database = database;
        _transport = transport;
        _options = options;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Asks for a pass now (call after committing outbox entries); cheap and never blocks.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Publishes entries the caller has just committed, without waiting for a pass (docs/architecture.md "Event flow":
    /// publish right after the commit, the relay is the safety net), and marks them published. Only unordered
    /// entries are sent here; entries with an ordering key, and any whose publish fails, are left to the relay,
    /// which this call wakes. While an entry is being published here, this relay's passes skip it.
    /// </summary>
    public async Task PublishCommittedAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var direct = entries.Where(e => e.Message.OrderingKey is null && _publishingNow.TryAdd(e.Id, true)).ToArray();
        var leftOver = direct.Length != entries.Count;
        try
        {
            var results = await Task.WhenAll(direct.Select(e => PublishLaneAsync([e], ct))).ConfigureAwait(false);
            leftOver |= results.Any(r => r.Failed > 0);
        }
        finally
        {
            foreach (var entry in direct)
            {
                _publishingNow.TryRemove(entry.Id, out _);
            }
        }

        if (leftOver)
        {
            Wake();
        }
    }

    /// <summary>One pass over unpublished entries (also what the background loop runs).</summary>
    public async Task<OutboxPass> RunPassAsync(CancellationToken ct)
    {
        await _passLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var query = DocumentQuery.Collection(OutboxWriter.EntriesCollection)
                .Where("published", FilterOperator.Equal, FieldValue.False)
                .OrderBy("sequence")
                .Limit(_options.BatchSize);
            var page = await _database.QueryAsync(query, OutboxEntryMapper.Instance, ct).ConfigureAwait(false);
            var freshSince = _time.GetUtcNow() - _options.DirectPublishGrace;
            var lanes = page.Select(d => d.Value)
                .Where(e => !_publishingNow.ContainsKey(e.Id) && (e.Message.OrderingKey is not null || e.CreatedAt <= freshSince))
                .GroupBy(e => e.Message.OrderingKey)
                .SelectMany(g => g.Key is null ? g.Select(e => new[] { e }) : [g.OrderBy(e => e.Sequence).ToArray()])
                .ToList();
            var published = 0;
            var failed = 0;
            await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentKeys, CancellationToken = ct }, async (lane, token) =>
            {
                var (ok, bad) = await PublishLaneAsync(lane, token).ConfigureAwait(false);
                Interlocked.Add(ref published, ok);
                Interlocked.Add(ref failed, bad);
            }).ConfigureAwait(false);
            // A full page whose entries were all left to their direct publish is not "more waiting": wait for the poll.
            return new OutboxPass(published, failed, page.Count == _options.BatchSize && lanes.Count > 0);
        }
        finally
        {
            _passLock.Release();
        }
    }

    // Disposing cancels the background pass (BackgroundService). The pass lock is deliberately not disposed: the
    // pass, or a RunPassAsync caller, may still be unwinding and releases it after Dispose returns; a disposed
    // lock would make that release throw. SemaphoreSlim holds nothing to free unless its wait handle is used,
    // which it never is here.

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var pass = await RunPassAsync(stoppingToken).ConfigureAwait(false);
                failures = pass.Failed > 0 ? failures + 1 : 0;
                if (pass.MoreWaiting && pass.Failed == 0)
                {
                    continue;
                }

                wait = failures > 0 ? _options.Backoff.Delay(failures - 1) : _options.PollInterval;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Stopping (StopAsync or Dispose): whatever the cancelled pass threw is not a failure.
                break;
            }
            catch (Exception ex)
            {
                failures++;
                LogPassFailed(ex.GetType().Name);
                wait = _options.Backoff.Delay(failures - 1);
            }

            await WaitForWakeAsync(wait, failures > 0, stoppingToken).ConfigureAwait(false);
        }
    }

    // Publishes one ordering key's entries in order (or a single unordered entry); stops at the first failure.
    // Marks run while the next entries publish. With an order-preserving transport every publish of the lane is
    // started at once (pipelined) and awaited in order: a failure fails the later ones too, so none overtakes it.
    private async Task<(int Published, int Failed)> PublishLaneAsync(OutboxEntry[] lane, CancellationToken ct)
    {
        var pipelined = _transport.PreservesOrderPerKey && lane.Length > 1;
        var publishes = pipelined ? lane.Select(e => _transport.PublishAsync(e.TopicId, e.Message, ct)).ToArray() : null;
        var marks = new List<Task>(lane.Length);
        var published = 0;
        try
        {
            foreach (var entry in lane)
            {
                string messageId;
                using (var span = MessagingTelemetry.StartOutboxSend(entry.TopicId, entry.Message, _time.GetUtcNow() - entry.CreatedAt))
                {
                    try
                    {
                        messageId = await (publishes?[published] ?? _transport.PublishAsync(entry.TopicId, entry.Message, ct)).ConfigureAwait(false);
                        span?.SetTag(MessagingTelemetry.MessageId, messageId);
                        MessagingMetrics.Published(entry.TopicId, errorType: null);
                        MessagingMetrics.OutboxPublished(entry.TopicId, _time.GetUtcNow() - entry.CreatedAt);
                    }
                    catch (Exception ex) when (!ct.IsCancellationRequested)
                    {
                        // A publish cut short by the pass's cancellation (stopping) propagates instead: not a failure.
                        MessagingTelemetry.RecordError(span, ex.GetType().Name);
                        MessagingMetrics.Published(entry.TopicId, ex.GetType().Name);
                        LogPublishFailed(entry.Id, entry.TopicId, entry.Sequence, ex.GetType().Name);
                        return (published, lane.Length - published);
                    }
                }

                marks.Add(MarkPublishedAsync(entry, messageId, ct));
                published++;
            }

            return (published, 0);
        }
        finally
        {
            if (publishes is not null)
            {
                // Observe the publishes after a failure (they failed with it); their entries stay unpublished.
                await Task.WhenAll(publishes).ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            }

            await Task.WhenAll(marks).ConfigureAwait(false);
        }
    }

    private async Task MarkPublishedAsync(OutboxEntry entry, string messageId, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var fields = new FieldMap
        {
            ["published"] = FieldValue.True,
            ["publishedAt"] = FieldValue.Timestamp(now),
            ["messageId"] = FieldValue.String(messageId),
            ["expireAt"] = FieldValue.Timestamp(now + _options.Retention),
        };
        try
        {
            await _database.PatchAsync(OutboxWriter.EntryPath(entry.Id), fields, ct: ct).ConfigureAwait(false);
        }
        catch (DocumentNotFoundException)
        {
            // Removed meanwhile (retention clean-up): nothing left to mark.
        }
    }

    private async Task WaitForWakeAsync(TimeSpan wait, bool backingOff, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(wait);
        try
        {
            // While backing off, a wake-up does not shorten the wait: the failure is probably not over.
            if (backingOff)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token).ConfigureAwait(false);
            }
            else if (await _wake.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                _wake.Reader.TryRead(out _);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Poll interval or backoff elapsed.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox pass failed ({ErrorType}); backing off.")]
    private partial void LogPassFailed(string errorType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox entry {EntryId} to {TopicId} (sequence {Sequence}) failed ({ErrorType}); its ordering key waits for the next pass.")]
    private partial void LogPublishFailed(string entryId, string topicId, long sequence, string errorType);
}
