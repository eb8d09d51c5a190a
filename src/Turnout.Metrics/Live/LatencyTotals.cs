namespace Turnout.Metrics.Live;

/// <summary>A latency series since process start, in Prometheus' bucket layout (non-cumulative counts per bound, last = +Inf).</summary>
public sealed class LatencyTotals
{
    private readonly long[] _buckets = new long[PrometheusBuckets.UpperBoundsSeconds.Count + 1];

    public long Count { get; private set; }
    public long SumMicros { get; private set; }

    /// <summary>Samples per bound (not cumulative); the last entry is above every bound.</summary>
    public IReadOnlyList<long> Buckets => _buckets;

    internal void Add(LatencyAccumulator acc)
    {
        Count += acc.Count;
        SumMicros += acc.Sum;
        var dense = acc.Dense;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                _buckets[PrometheusBuckets.BoundOfDense[i]] += dense[i];
            }
        }
    }

    internal void Add(LatencyTotals other)
    {
        Count += other.Count;
        SumMicros += other.SumMicros;
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] += other._buckets[i];
        }
    }
}
