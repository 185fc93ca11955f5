using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Keeps the messages a subscriber holds (waiting for or in a handler) from expiring: every
/// <see cref="SubscriberSettings.LeaseExtensionPeriod"/> their deadline is extended to
/// <see cref="SubscriberSettings.StreamAckDeadlineSeconds"/>, until <see cref="SubscriberSettings.MaxTotalLeaseExtension"/>
/// after receipt; then the message is let go and Pub/Sub redelivers it.
/// </summary>
internal sealed partial class LeaseKeeper(AckQueue acks, SubscriberSettings settings, ILogger logger)
{
    private readonly ConcurrentDictionary<string, long> _receivedAt = new(StringComparer.Ordinal);

    public int Count => _receivedAt.Count;

    public void Add(string ackId) => _receivedAt[ackId] = Stopwatch.GetTimestamp();

    public void Remove(string ackId) => _receivedAt.TryRemove(ackId, out _);

    public async Task RunAsync(CancellationToken stop)
    {
        if (!settings.LeaseExtensionEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(settings.LeaseExtensionPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                ExtendAll();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private void ExtendAll()
    {
        var extended = 0;
        foreach (var (ackId, receivedAt) in _receivedAt)
        {
            if (Stopwatch.GetElapsedTime(receivedAt) > settings.MaxTotalLeaseExtension)
            {
                _receivedAt.TryRemove(ackId, out _);
                Log.LeaseExpired(logger, settings.MaxTotalLeaseExtension.TotalMinutes);
                continue;
            }

            acks.ModifyDeadline(ackId, settings.StreamAckDeadlineSeconds);
            extended++;
        }

        if (extended > 0)
        {
            Log.Extended(logger, extended, settings.StreamAckDeadlineSeconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Debug, Message = "Extended the ack deadline of {Count} message(s) by {Seconds} s")]
        public static partial void Extended(ILogger logger, int count, int seconds);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A message reached the maximum lease extension ({Minutes} min) and will be redelivered")]
        public static partial void LeaseExpired(ILogger logger, double minutes);
    }
}
