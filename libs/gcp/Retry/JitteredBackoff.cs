using System.Security.Cryptography;

namespace Custody.Gcp.Retry;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits a uniformly random time in [cap/2, cap] where
/// cap = min(max, initial * 2^n). The jitter spreads retries of contending callers apart; the lower bound
/// keeps a retry from hammering immediately.
/// </summary>
public sealed record JitteredBackoff(TimeSpan Initial, TimeSpan Max)
{
    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var capTicks = Math.Min(Max.Ticks, Initial.Ticks * (1L << Math.Min(attempt, 30)));
        var half = capTicks / 2;
        var spread = (int)Math.Min(int.MaxValue, Math.Max(1, (capTicks - half) / TimeSpan.TicksPerMillisecond));
        return TimeSpan.FromTicks(half) + TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(spread + 1));
    }
}
