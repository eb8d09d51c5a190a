namespace Turnout.Metrics;

/// <summary>
/// One variant's aggregates for one UTC minute. Writers update fields with Interlocked only; once the
/// minute has passed the bucket is effectively immutable (a late writer may still land for a moment),
/// which is what a future flush-to-disk would persist.
/// </summary>
internal sealed class MinuteBucket
{
    public MinuteBucket(long unixMinute)
    {
        UnixMinute = unixMinute;
    }

    /// <summary>Minutes since the Unix epoch.</summary>
    public long UnixMinute { get; }

    public long Invocations;
    public long Errors4xx;
    public long Errors5xx;
    public double PerInstanceSum;
    public double PerInstanceMin = double.PositiveInfinity;
    public double PerInstanceMax = double.NegativeInfinity;
    public LatencyCell ModelLatency = LatencyCell.Empty;
    public LatencyCell OverheadLatency = LatencyCell.Empty;

    public StatAccumulator Read(SageMakerMetric metric)
    {
        switch (metric)
        {
            case SageMakerMetric.ModelLatency:
                return LatencyCell.Read(ref ModelLatency);
            case SageMakerMetric.OverheadLatency:
                return LatencyCell.Read(ref OverheadLatency);
        }

        // Errors are read before Invocations: writers bump Invocations first, so errors never exceed the count we see.
        var errors = metric switch
        {
            SageMakerMetric.Invocation4XXErrors => Volatile.Read(ref Errors4xx),
            SageMakerMetric.Invocation5XXErrors => Volatile.Read(ref Errors5xx),
            _ => 0,
        };
        var perInstanceSum = Volatile.Read(ref PerInstanceSum);
        var perInstanceMin = Volatile.Read(ref PerInstanceMin);
        var perInstanceMax = Volatile.Read(ref PerInstanceMax);
        var count = Volatile.Read(ref Invocations);
        if (count == 0)
        {
            return default;
        }

        return metric switch
        {
            SageMakerMetric.Invocations => new StatAccumulator(count, count, 1, 1),
            SageMakerMetric.InvocationsPerInstance when perInstanceMin <= perInstanceMax =>
                new StatAccumulator(count, perInstanceSum, perInstanceMin, perInstanceMax),
            SageMakerMetric.InvocationsPerInstance => default,
            // Error series are 0/1 samples: min is 1 only if every sample was an error, max is 1 if any was.
            _ => new StatAccumulator(count, errors, errors == count ? 1 : 0, errors > 0 ? 1 : 0),
        };
    }
}
