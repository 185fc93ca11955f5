using Custody.Gcp.Retry;

namespace Custody.Gcp.Firestore;

/// <summary>
/// How often a read-write transaction is re-run after ABORTED (contention, including the emulator's lock
/// timeout), and how long to back off between attempts.
/// </summary>
/// <param name="LocalGateWait">How long a transaction waits for another transaction of this process that read the same
/// document before reading it anyway (null: <see cref="DefaultLocalGateWait"/>; zero: no in-process queueing).</param>
public sealed record TransactionRetryPolicy(int MaxAttempts, JitteredBackoff Backoff, TimeSpan? LocalGateWait = null)
{
    public static readonly TimeSpan DefaultLocalGateWait = TimeSpan.FromSeconds(10);

    public static TransactionRetryPolicy Default { get; } = new(10, new JitteredBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2)));
}
