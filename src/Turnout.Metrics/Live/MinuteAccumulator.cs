using Turnout.Metrics.Histograms;

namespace Turnout.Metrics.Live;

/// <summary>One variant-minute summed over stripes, turned into the per-metric aggregates CloudWatch serves.</summary>
internal sealed class MinuteAccumulator(long minute)
{
    private readonly long[] _perInstance = new long[LiveMinute.MaxInstances + 1];

    public long Minute { get; } = minute;
    public long Errors4xx { get; private set; }
    public long Errors5xx { get; private set; }
    public LatencyAccumulator Model { get; } = new();
    public LatencyAccumulator Overhead { get; } = new();
    public LatencyAccumulator Queueing { get; } = new();

    public long Invocations
    {
        get
        {
            long n = 0;
            foreach (var c in _perInstance)
            {
                n += c;
            }

            return n;
        }
    }

    /// <summary>Time spent serving this variant in the minute, for CPU/memory attribution.</summary>
    public long BusyMicros => Model.Sum + Overhead.Sum;

    /// <summary>Queueing samples of 0 are not recorded; this restores them once all stripes are in.</summary>
    public void CompleteQueueing() => Queueing.AddZeros(Invocations - Queueing.Count);

    public void Add(LiveMinute cells)
    {
        for (var k = 0; k < _perInstance.Length; k++)
        {
            _perInstance[k] += Volatile.Read(ref cells.PerInstance[k]);
        }

        Errors4xx += Volatile.Read(ref cells.Errors4xx);
        Errors5xx += Volatile.Read(ref cells.Errors5xx);
        Model.Add(cells.Model);
        Overhead.Add(cells.Overhead);
        Queueing.Add(cells.Queueing);
    }

    /// <summary>Every per-variant AWS/SageMaker metric of this minute; nothing when there were no invocations.</summary>
    public IEnumerable<(SageMakerMetric Metric, Aggregate Value)> Aggregates()
    {
        var n = Invocations;
        if (n == 0)
        {
            yield break;
        }

        yield return (SageMakerMetric.Invocations, new Aggregate(n, n, 1, 1, Histogram.FromValues([(1, n)])));
        yield return (SageMakerMetric.Invocation4XXErrors, ZeroOne(n, Math.Min(n, Errors4xx)));
        yield return (SageMakerMetric.Invocation5XXErrors, ZeroOne(n, Math.Min(n, Errors5xx)));
        yield return (SageMakerMetric.InvocationsPerInstance, PerInstance(n));
        foreach (var (metric, acc) in new[] { (SageMakerMetric.ModelLatency, Model), (SageMakerMetric.OverheadLatency, Overhead), (SageMakerMetric.QueueingLatency, Queueing) })
        {
            if (acc.ToAggregate() is { } latency)
            {
                yield return (metric, latency);
            }
        }
    }

    // Error series are 0/1 samples, one per invocation: their Average is the error rate.
    private static Aggregate ZeroOne(long n, long errors) =>
        new(n, errors, errors == n ? 1 : 0, errors > 0 ? 1 : 0, Histogram.FromValues([(0, n - errors), (1, errors)]));

    private Aggregate PerInstance(long n)
    {
        double sum = 0;
        double min = double.MaxValue, max = double.MinValue;
        var values = new List<(double, double)>();
        for (var k = 1; k < _perInstance.Length; k++)
        {
            if (_perInstance[k] == 0)
            {
                continue;
            }

            var share = 1.0 / k;
            sum += _perInstance[k] * share;
            min = Math.Min(min, share);
            max = Math.Max(max, share);
            values.Add((share, _perInstance[k]));
        }

        return new Aggregate(n, sum, min, max, Histogram.FromValues(values));
    }
}
