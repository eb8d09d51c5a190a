namespace Turnout.Metrics;

/// <summary>Lock-free min/max on a long field via compare-exchange loops.</summary>
internal static class AtomicLong
{
    public static void Min(ref long location, long value)
    {
        var seen = Volatile.Read(ref location);
        while (value < seen)
        {
            var prior = Interlocked.CompareExchange(ref location, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }

    public static void Max(ref long location, long value)
    {
        var seen = Volatile.Read(ref location);
        while (value > seen)
        {
            var prior = Interlocked.CompareExchange(ref location, value, seen);
            if (prior == seen)
            {
                return;
            }

            seen = prior;
        }
    }
}
