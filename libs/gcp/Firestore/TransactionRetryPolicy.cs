using Custody.Gcp.Retry;

namespace Custody.Gcp.Firestore;

/// <summary>
/// How often a read-write transaction is re-run after ABORTED (contention, including the emulator's lock
/// timeout), and how long to back off between attempts.
/// </summary>
public sealed record TransactionRetryPolicy(int MaxAttempts, JitteredBackoff Backoff)
{
    public static TransactionRetryPolicy Default { get; } = new(10, new JitteredBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2)));
}
