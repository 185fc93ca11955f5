using Custody.Gcp.Retry;

namespace Custody.Gcp.PubSub;

/// <summary>
/// A retry loop's position in a <see cref="JitteredBackoff"/> schedule: each <see cref="Next"/> is the next
/// attempt's delay, <see cref="Reset"/> starts over after a success. Not thread-safe: one per retry loop.
/// </summary>
internal sealed class ExponentialBackoff(TimeSpan initial, double multiplier, TimeSpan max)
{
    private readonly JitteredBackoff _schedule = new(initial, max, multiplier);
    private int _attempt;

    public TimeSpan Next() => _schedule.Delay(_attempt++);

    public void Reset() => _attempt = 0;
}
