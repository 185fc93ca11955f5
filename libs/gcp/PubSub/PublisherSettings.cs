namespace Custody.Gcp.PubSub;

/// <summary>
/// Batching and retry of <see cref="PubSubPublisher"/>. Defaults are those of Google's client libraries
/// (docs/google-cloud.md, "Behaviour taken from Google's Pub/Sub client"): a batch is sent at 100 messages, 1 MB or 10 ms,
/// whichever comes first; failed publishes are retried with backoff 100 ms x4 up to 60 s within 600 s.
/// </summary>
public sealed class PublisherSettings
{
    /// <summary>Messages per batch (1..1,000, the API maximum).</summary>
    public int MaxBatchMessages { get; init; } = 100;

    /// <summary>Bytes per batch (1..10 MB, the API maximum). A larger single message is sent alone.</summary>
    public long MaxBatchBytes { get; init; } = 1_000_000;

    /// <summary>How long a message may wait for its batch to fill.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public double RetryDelayMultiplier { get; init; } = 4;

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Deadline of one Publish attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Overall deadline of a batch, retries included; after it the publish fails.</summary>
    public TimeSpan TotalTimeout { get; init; } = TimeSpan.FromSeconds(600);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchMessages, 1, nameof(MaxBatchMessages));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchMessages, PubSubLimits.MaxMessagesPerPublish, nameof(MaxBatchMessages));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxBatchBytes, PubSubLimits.MaxPublishRequestBytes, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchDelay, TimeSpan.Zero, nameof(MaxBatchDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialRetryDelay, TimeSpan.Zero, nameof(InitialRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelayMultiplier, 1.0, nameof(RetryDelayMultiplier));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, InitialRetryDelay, nameof(MaxRetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AttemptTimeout, TimeSpan.Zero, nameof(AttemptTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(TotalTimeout, AttemptTimeout, nameof(TotalTimeout));
    }
}
