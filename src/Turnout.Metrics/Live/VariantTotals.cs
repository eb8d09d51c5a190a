namespace Turnout.Metrics.Live;

/// <summary>A variant's counters since process start: what a Prometheus scrape exports.</summary>
public sealed class VariantTotals
{
    public long Invocations { get; private set; }
    public long Errors4xx { get; private set; }
    public long Errors5xx { get; private set; }
    public LatencyTotals ModelLatency { get; } = new();
    public LatencyTotals OverheadLatency { get; } = new();
    public LatencyTotals QueueingLatency { get; } = new();

    /// <summary>Model plus overhead time, the basis for attributing process CPU and memory.</summary>
    public long BusyMicros => ModelLatency.SumMicros + OverheadLatency.SumMicros;

    internal void Add(MinuteAccumulator minute)
    {
        Invocations += minute.Invocations;
        Errors4xx += minute.Errors4xx;
        Errors5xx += minute.Errors5xx;
        ModelLatency.Add(minute.Model);
        OverheadLatency.Add(minute.Overhead);
        QueueingLatency.Add(minute.Queueing);
    }

    internal VariantTotals Plus(VariantTotals other)
    {
        var sum = new VariantTotals();
        foreach (var t in new[] { this, other })
        {
            sum.Invocations += t.Invocations;
            sum.Errors4xx += t.Errors4xx;
            sum.Errors5xx += t.Errors5xx;
            sum.ModelLatency.Add(t.ModelLatency);
            sum.OverheadLatency.Add(t.OverheadLatency);
            sum.QueueingLatency.Add(t.QueueingLatency);
        }

        return sum;
    }
}
