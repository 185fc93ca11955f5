using Custody.Gcp.Retry;

namespace Custody.Messaging.Outbox;

/// <summary>Tuning of the <see cref="OutboxRelay"/>.</summary>
public sealed record OutboxRelayOptions
{
    /// <summary>
    /// For every service that publishes right after its commit (all of intake's and the policy service's events): passes
    /// leave fresh unordered entries to that publish. Services share one database, so each relay also sees the other
    /// services' entries; without the grace it would publish them a second time, doubling deliveries and the
    /// consumers' deduplicating transactions.
    /// </summary>
    public static OutboxRelayOptions DirectPublish { get; } = new() { DirectPublishGrace = TimeSpan.FromSeconds(5) };

    /// <summary>How often the relay looks for unpublished entries when nobody wakes it (the crash re-drive).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries read per pass (one query page).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Ordering keys published concurrently (each key is always sequential).</summary>
    public int MaxConcurrentKeys { get; init; } = 16;

    /// <summary>Backoff after a failed publish or query.</summary>
    public JitteredBackoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    /// <summary>
    /// For services that publish right after their commit (<see cref="OutboxRelay.PublishCommittedAsync"/>): passes leave
    /// unordered entries younger than this to that direct publish, so that the two do not race to send the same entry.
    /// Zero (the default) disables it. Entries whose direct publish failed are picked up once they are older.
    /// </summary>
    public TimeSpan DirectPublishGrace { get; init; } = TimeSpan.Zero;

    /// <summary>How long published entries are kept (the <c>expireAt</c> field, for a Firestore TTL policy).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);
}
