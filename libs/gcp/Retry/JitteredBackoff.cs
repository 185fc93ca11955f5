using System.Security.Cryptography;

namespace Custody.Gcp.Retry;

/// <summary>
/// Exponential backoff with "equal jitter": attempt n waits a uniformly random time in [cap/2, cap] where
/// cap = min(max, initial * multiplier^n). The jitter spreads retries of contending callers apart; the lower
/// bound keeps a retry from hammering immediately. Pub/Sub uses 100 ms x4 up to 60 s for publishes and
/// 0.5 s x2 up to 30 s for stream reconnects (docs/google-cloud.md); Firestore transactions and the outbox relay use x2.
/// </summary>
public sealed record JitteredBackoff
{
    public JitteredBackoff(TimeSpan initial, TimeSpan max, double multiplier = 2.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiplier, 1.0);
        Initial = initial;
        Max = max;
        Multiplier = multiplier;
    }

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public double Multiplier { get; }

    public TimeSpan Delay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var capMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(Multiplier, Math.Min(attempt, 1024)));
        var halfMs = capMs / 2;
        var spreadMs = (int)Math.Min(int.MaxValue, Math.Max(1, capMs - halfMs));
        return TimeSpan.FromMilliseconds(halfMs + RandomNumberGenerator.GetInt32(spreadMs + 1));
    }
}
