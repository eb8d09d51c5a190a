namespace Turnout.Metrics.Live;

/// <summary>Minutes since the Unix epoch from a <see cref="TimeProvider"/>; the system clock skips the DateTimeOffset detour.</summary>
internal sealed class MinuteClock(TimeProvider time)
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private readonly bool _system = ReferenceEquals(time, TimeProvider.System);

    public TimeProvider Time { get; } = time;

    public long CurrentMinute()
    {
        var ticks = _system ? DateTime.UtcNow.Ticks : Time.GetUtcNow().UtcTicks;
        return (ticks - EpochTicks) / TimeSpan.TicksPerMinute;
    }
}
