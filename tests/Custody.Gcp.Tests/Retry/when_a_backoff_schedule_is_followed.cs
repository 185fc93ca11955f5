using Custody.Gcp.Retry;

namespace Custody.Gcp.Tests.Retry;

public sealed class when_a_backoff_schedule_is_followed
{
    [Theory]
    [InlineData(2.0)]
    [InlineData(4.0)]
    public void every_delay_lies_between_half_the_cap_and_the_cap(double multiplier)
    {
        var schedule = new JitteredBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), multiplier);
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var cap = Math.Min(60_000, 100 * Math.Pow(multiplier, attempt));
            for (var sample = 0; sample < 200; sample++)
            {
                var delay = schedule.Delay(attempt).TotalMilliseconds;
                Assert.InRange(delay, cap / 2, cap + 1);
            }
        }
    }

    [Fact]
    public void delays_never_exceed_the_maximum_however_many_attempts()
    {
        var schedule = new JitteredBackoff(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(500));

        Assert.All(new[] { 10, 31, 64, 1_000, int.MaxValue }, attempt => Assert.InRange(schedule.Delay(attempt).TotalMilliseconds, 250, 501));
    }

    [Fact]
    public void nonsensical_schedules_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitteredBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitteredBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitteredBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitteredBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)).Delay(-1));
    }
}
