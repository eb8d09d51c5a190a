using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Turnout.Metrics.Live;

/// <summary>
/// Minutes since the Unix epoch. With the system clock the hot path reads no clock at all when the caller
/// passes the Stopwatch timestamp it already took: a calibrated window maps timestamps of the current
/// minute to its number, and only the first timestamp past the window recalibrates against the wall clock
/// (once a minute). Other <see cref="TimeProvider"/>s (tests) are asked every time.
/// </summary>
internal sealed class MinuteClock(TimeProvider time)
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly long TimestampsPerMinute = Stopwatch.Frequency * 60;

    private readonly bool _system = ReferenceEquals(time, TimeProvider.System);
    private Window? _window;

    public TimeProvider Time { get; } = time;

    public long CurrentMinute() => _system ? MinuteAt(Stopwatch.GetTimestamp()) : FromProvider();

    /// <summary>The minute of a <see cref="Stopwatch.GetTimestamp"/> value (ignored for non-system providers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long MinuteAt(long timestamp)
    {
        if (!_system)
        {
            return FromProvider();
        }

        var window = Volatile.Read(ref _window);
        if (window is not null)
        {
            if (timestamp >= window.Start && timestamp < window.End)
            {
                return window.Minute;
            }

            if (timestamp < window.Start)
            {
                // Taken before this minute (a long request): count back, no need to recalibrate.
                return window.Minute - ((window.Start - timestamp + TimestampsPerMinute - 1) / TimestampsPerMinute);
            }
        }

        return Recalibrate(timestamp);
    }

    private long FromProvider() => (Time.GetUtcNow().UtcTicks - EpochTicks) / TimeSpan.TicksPerMinute;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long Recalibrate(long timestamp)
    {
        var wall = DateTime.UtcNow.Ticks - EpochTicks;
        var now = Stopwatch.GetTimestamp();
        var minute = wall / TimeSpan.TicksPerMinute;
        var intoMinute = (double)(wall % TimeSpan.TicksPerMinute) / TimeSpan.TicksPerSecond;
        var start = now - (long)(intoMinute * Stopwatch.Frequency);
        var window = new Window(minute, start, start + TimestampsPerMinute);
        Volatile.Write(ref _window, window);

        // A timestamp taken a little before or after calibration still lands in its own minute.
        var offset = timestamp - start;
        return minute + (offset >= 0 ? offset / TimestampsPerMinute : -((-offset + TimestampsPerMinute - 1) / TimestampsPerMinute));
    }

    private sealed class Window(long minute, long start, long end)
    {
        public long Minute { get; } = minute;
        public long Start { get; } = start;
        public long End { get; } = end;
    }
}
