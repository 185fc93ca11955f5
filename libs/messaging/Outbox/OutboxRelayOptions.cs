using Custody.Gcp.Retry;

namespace Custody.Messaging.Outbox;

/// <summary>Tuning of the <see cref="OutboxRelay"/>.</summary>
public sealed record OutboxRelayOptions
{
    /// <summary>How often the relay looks for unpublished entries when nobody wakes it (the crash re-drive).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Entries read per pass (one query page).</summary>
    public int BatchSize { get; init; } = 200;

    /// <summary>Ordering keys published concurrently (each key is always sequential).</summary>
    public int MaxConcurrentKeys { get; init; } = 16;

    /// <summary>Backoff after a failed publish or query.</summary>
    public JitteredBackoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

    /// <summary>
    /// Every service publishes right after its commit (<see cref="OutboxRelay.PublishCommittedAsync"/>): passes leave
    /// unordered entries younger than this to that direct publish, so that the two do not race to send the same entry.
    /// Services may share one database, so a relay also sees the other services' fresh entries; without the grace it
    /// would publish them a second time, doubling deliveries and the consumers' deduplicating transactions. Entries
    /// whose direct publish failed are picked up once they are older. Zero only for a relay that is the sole publisher
    /// of its database (tests and benches of the relay itself).
    /// </summary>
    public TimeSpan DirectPublishGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long published entries are kept (the <c>expireAt</c> field, for a Firestore TTL policy).</summary>
    public TimeSpan Retention { get; init; } = TimeSpan.FromDays(7);
}
