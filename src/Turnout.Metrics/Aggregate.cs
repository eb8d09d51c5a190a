using Turnout.Metrics.Histograms;

namespace Turnout.Metrics;

/// <summary>
/// SampleCount/Sum/Minimum/Maximum of a set of samples, plus their distribution when every sample's value
/// is known (raw values, Values/Counts, or hot-path recording; a StatisticSet carries none). Merging two
/// aggregates is exact for the statistics and bucket-exact for the histogram, which is what lets minutes
/// roll up into 5-minute and hourly data without re-reading samples.
/// </summary>
public sealed class Aggregate
{
    public Aggregate(double count, double sum, double min, double max, Histogram? histogram)
    {
        Count = count;
        Sum = sum;
        Min = min;
        Max = max;
        Histogram = histogram;
    }

    public double Count { get; }
    public double Sum { get; }
    public double Min { get; }
    public double Max { get; }

    /// <summary>Null when some samples came without values (StatisticValues): percentiles are then unavailable.</summary>
    public Histogram? Histogram { get; }

    public static Aggregate FromValue(double value, double count = 1) =>
        new(count, value * count, value, value, Histogram.FromValues([(value, count)]));

    public static Aggregate Merge(Aggregate? a, Aggregate b)
    {
        ArgumentNullException.ThrowIfNull(b);
        if (a is null || a.Count <= 0)
        {
            return b;
        }

        if (b.Count <= 0)
        {
            return a;
        }

        return new Aggregate(
            a.Count + b.Count,
            a.Sum + b.Sum,
            Math.Min(a.Min, b.Min),
            Math.Max(a.Max, b.Max),
            a.Histogram is null || b.Histogram is null ? null : a.Histogram.Merge(b.Histogram));
    }

    /// <summary>A percentile in [0, 100], or null when the distribution is unknown.</summary>
    public double? Percentile(double percent) => Histogram?.Percentile(percent, Min, Max);
}
