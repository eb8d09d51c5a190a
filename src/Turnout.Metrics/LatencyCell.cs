namespace Turnout.Metrics;

/// <summary>SampleCount/Sum/Min/Max of one latency series within a minute; updated with Interlocked only.</summary>
internal struct LatencyCell
{
    public long Count;
    public long Sum;
    public long Min;
    public long Max;

    public static LatencyCell Empty => new() { Min = long.MaxValue, Max = long.MinValue };

    public static void Record(ref LatencyCell cell, long micros)
    {
        Interlocked.Increment(ref cell.Count);
        Interlocked.Add(ref cell.Sum, micros);
        AtomicLong.Min(ref cell.Min, micros);
        AtomicLong.Max(ref cell.Max, micros);
    }

    public static StatAccumulator Read(ref LatencyCell cell)
    {
        // Count first: a racing writer may then have added a sum we count as "one sample short"; harmless for a live minute.
        var count = Volatile.Read(ref cell.Count);
        if (count == 0)
        {
            return default;
        }

        return new StatAccumulator(count, Volatile.Read(ref cell.Sum), Volatile.Read(ref cell.Min), Volatile.Read(ref cell.Max));
    }
}
