using System.Runtime.CompilerServices;
using Turnout.Metrics.Histograms;

namespace Turnout.Metrics.Live;

/// <summary>One latency series within one stripe-minute: exact sum/min/max and a dense log-linear histogram.</summary>
internal sealed class LatencyCells
{
    public readonly int[] Buckets = new int[LogLinear.DenseLength];
    public long Sum;
    public long Min = long.MaxValue;
    public long Max = long.MinValue;

    /// <summary>Records one sample; the bucket increment comes last (see <see cref="LiveMinute"/> on why).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Record(long micros)
    {
        Interlocked.Add(ref Sum, micros);

        // Plain reads first: after the first few samples of a minute min/max rarely move, so no CAS happens.
        if (micros < Volatile.Read(ref Min))
        {
            AtomicLong.Min(ref Min, micros);
        }

        if (micros > Volatile.Read(ref Max))
        {
            AtomicLong.Max(ref Max, micros);
        }

        Interlocked.Increment(ref Buckets[LogLinear.DenseIndex(micros)]);
    }

    /// <summary>Samples recorded so far (a sum over the buckets; not for the hot path).</summary>
    public long Count()
    {
        long n = 0;
        foreach (ref var c in Buckets.AsSpan())
        {
            n += Volatile.Read(ref c);
        }

        return n;
    }
}
