namespace Custody.Policy.Tests.Support;

/// <summary>The real clock moved forward by <see cref="Shift"/>: lets a test step past an approval deadline without waiting for it.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    private long _shiftTicks;

    public TimeSpan Shift
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _shiftTicks));
        set => Interlocked.Exchange(ref _shiftTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}
