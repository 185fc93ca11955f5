using Custody.Contracts.Events;
using Custody.Domain.Lifecycle;
using Custody.Gcp.Firestore;
using Custody.Policy.Decisions;
using Custody.Policy.State;
using Custody.State;
using Microsoft.Extensions.Options;

namespace Custody.Policy.Expiry;

/// <summary>
/// Expires requests whose approval deadline has passed (docs/conventions.md "Events and handlers": persisted deadlines, never in-memory
/// timers). Every instance sweeps: it queries PendingApproval requests with <c>deadline &lt;= now</c> and expires
/// each in a transaction that re-reads the record, re-checks state and deadline, and updates it only if it is
/// unchanged since that read (update-time precondition). Of two instances sweeping the same request one commit
/// wins; the other re-reads Expired and does nothing, so transaction-expired is published exactly once.
/// </summary>
public sealed partial class ExpirySweeper(StateChange change, TransactionStore store, IOptions<PolicyServiceOptions> options, TimeProvider time, ILogger<ExpirySweeper> logger)
    : BackgroundService
{
    private const int BatchSize = 100;

    /// <summary>One sweep; returns how many requests this call expired.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var expired = 0;
        foreach (var requestId in await PolicyQueries.DueAsync(change.Database, time.GetUtcNow(), BatchSize, ct).ConfigureAwait(false))
        {
            try
            {
                if (await ExpireAsync(requestId, ct).ConfigureAwait(false))
                {
                    expired++;
                }
            }
            catch (Exception ex) when (ex is DocumentChangedException or TransactionContentionException)
            {
                // Another instance changed the request first (a vote, or its own expiry); the next sweep re-checks it.
            }
        }

        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<bool> ExpireAsync(string requestId, CancellationToken ct)
    {
        var entry = await change.Database.RunTransactionAsync(async (tx, token) =>
        {
            var snapshot = await store.GetAsync(tx, requestId, token).ConfigureAwait(false);
            var now = time.GetUtcNow();
            if (snapshot?.Value is not { State: TransactionState.PendingApproval, Deadline: { } deadline } record || deadline > now)
            {
                return null;
            }

            var next = record with { State = TransactionState.Expired, Deadline = null, UpdatedAt = now };
            var audit = StateChange.Audit(StateChange.Actor, nameof(TransactionState.Expired), requestId, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["deadline"] = deadline.ToString("O"),
                ["votes"] = string.Join(", ", record.Approvals.Select(a => $"{a.ApproverId} {a.Decision}")),
                ["ruleId"] = record.RuleId ?? "none",
                ["policyId"] = record.PolicyId ?? "none",
            });
            var expired = new TransactionExpired(requestId, record.IntentHash!, record.PolicyId!, record.RuleId!, now);
            return await change.WriteAsync(tx, snapshot, next, [audit], expired, token).ConfigureAwait(false);
        }, ct: ct).ConfigureAwait(false);
        if (entry is null)
        {
            return false;
        }

        LogExpired(requestId);
        await change.PublishAsync(entry, ct).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Request {RequestId}: the approval window closed; expired.")]
    private partial void LogExpired(string requestId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry sweep failed ({ErrorType}); retrying at the next interval.")]
    private partial void LogSweepFailed(string errorType);
}
