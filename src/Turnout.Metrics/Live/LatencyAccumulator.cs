using Turnout.Metrics.Histograms;

namespace Turnout.Metrics.Live;

/// <summary>Sums the <see cref="LatencyCells"/> of several stripes (off the hot path) into one aggregate.</summary>
internal sealed class LatencyAccumulator
{
    public readonly long[] Dense = new long[LogLinear.DenseLength];
    public long Count;
    public long Sum;
    public long Min = long.MaxValue;
    public long Max = long.MinValue;

    public void Add(LatencyCells cells)
    {
        var buckets = cells.Buckets;
        for (var i = 0; i < buckets.Length; i++)
        {
            var c = Volatile.Read(ref buckets[i]);
            Dense[i] += c;
            Count += c;
        }

        Sum += Volatile.Read(ref cells.Sum);
        Min = Math.Min(Min, Volatile.Read(ref cells.Min));
        Max = Math.Max(Max, Volatile.Read(ref cells.Max));
    }

    public void AddZeros(long count)
    {
        if (count > 0)
        {
            Dense[0] += count;
            Count += count;
            Min = Math.Min(Min, 0);
            Max = Math.Max(Max, 0);
        }
    }

    public Aggregate? ToAggregate()
    {
        if (Count == 0)
        {
            return null;
        }

        // A live read may catch a writer between its bucket increment and its min/max update.
        var min = Min <= Max ? Min : 0;
        var max = Min <= Max ? Max : 0;
        return new Aggregate(Count, Sum, min, max, Histogram.FromDense(Dense));
    }
}
