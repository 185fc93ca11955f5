using Custody.Broadcaster.Broadcasting;
using Custody.Chain;
using Microsoft.Extensions.Options;

namespace Custody.Broadcaster.Tracking;

/// <summary>
/// Follows every tracked broadcast (<c>broadcasts/{requestId}</c> in Pending or Mined) each
/// <see cref="BroadcasterOptions.PollInterval"/>, from Firestore, so a restarted or second instance continues where
/// any other stopped (every change is conditional: <see cref="BroadcastStore"/>). One poll is
/// <see cref="ReceiptFollower.FollowAsync"/> per broadcast; a failing node or store only delays the next poll.
/// </summary>
public sealed partial class ConfirmationTracker(
    BroadcastStore store, ReceiptFollower follower, EthereumNode node, IOptions<BroadcasterOptions> options, TimeProvider time, ILogger<ConfirmationTracker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(e.GetType().Name, e.Message);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        var tracked = await store.TrackedAsync(options.Value.TrackBatchSize, ct).ConfigureAwait(false);
        if (tracked.Count == 0)
        {
            return;
        }

        var head = await node.GetBlockNumberAsync(ct).ConfigureAwait(false);
        foreach (var broadcast in tracked)
        {
            try
            {
                await follower.FollowAsync(broadcast, head, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is NodeTransportException or JsonRpcException or Custody.Gcp.Firestore.FirestoreException)
            {
                LogFollowFailed(broadcast.RequestId, e.GetType().Name, e.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tracking poll failed ({ErrorType}: {Error}); retrying after the poll interval.")]
    private partial void LogPollFailed(string errorType, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {RequestId}: following the receipt failed ({ErrorType}: {Error}); retrying next poll.")]
    private partial void LogFollowFailed(string requestId, string errorType, string error);
}
