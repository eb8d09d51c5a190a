namespace Turnout.Metrics;

/// <summary>Lock-free add/min/max on a double field via compare-exchange loops.</summary>
internal static class AtomicDouble
{
    public static void Add(ref double location, double value)
    {
        var seen = Volatile.Read(ref location);
        while (true)
        {
            var prior = Interlocked.CompareExchange(ref location, seen + value, seen);
            if (prior.Equals(seen))
            {
                return;
            }

            seen = prior;
        }
    }

    public static void Min(ref double location, double value)
    {
        var seen = Volatile.Read(ref location);
        while (value < seen)
        {
            var prior = Interlocked.CompareExchange(ref location, value, seen);
            if (prior.Equals(seen))
            {
                return;
            }

            seen = prior;
        }
    }

    public static void Max(ref double location, double value)
    {
        var seen = Volatile.Read(ref location);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref location, value, seen);
            if (prior.Equals(seen))
            {
                return;
            }

            seen = prior;
        }
    }
}
