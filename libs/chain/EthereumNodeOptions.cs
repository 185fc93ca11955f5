namespace Custody.Chain;

/// <summary>Transport settings for <see cref="EthereumNode"/>.</summary>
public sealed class EthereumNodeOptions
{
    /// <summary>Per-attempt deadline for one HTTP exchange.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts for transport failures (connection errors, timeouts, HTTP 429/502/503/504). Node errors are never retried.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the second attempt; doubled for each further attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
