using System.Security.Cryptography;

namespace Custody.Gcp.PubSub;

/// <summary>
/// Exponential backoff with jitter: the n-th delay is uniform in [d/2, d] where d = min(initial * multiplier^n, max).
/// Publisher retries use 100 ms x4 up to 60 s, stream reconnects 0.5 s x2 up to 30 s (GCP.md).
/// Not thread-safe: one instance per retry loop.
/// </summary>
internal sealed class ExponentialBackoff
{
    private readonly TimeSpan _initial;
    private readonly double _multiplier;
    private readonly TimeSpan _max;
    private TimeSpan _ceiling;

    public ExponentialBackoff(TimeSpan initial, double multiplier, TimeSpan max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        _initial = initial;
        _multiplier = multiplier;
        _max = max;
        _ceiling = initial;
    }

    public TimeSpan Next()
    {
        var ceiling = _ceiling;
        _ceiling = TimeSpan.FromMilliseconds(Math.Min(_ceiling.TotalMilliseconds * _multiplier, _max.TotalMilliseconds));
        var half = (int)Math.Max(1, ceiling.TotalMilliseconds / 2);
        return TimeSpan.FromMilliseconds(half + RandomNumberGenerator.GetInt32(0, half + 1));
    }

    public void Reset() => _ceiling = _initial;
}
