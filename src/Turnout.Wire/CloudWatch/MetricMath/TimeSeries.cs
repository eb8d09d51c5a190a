namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>A labelled series of (Unix seconds, value) points, ascending, with the period it was computed at.</summary>
internal sealed class TimeSeries(string id, string label, int period, SortedDictionary<long, double> points)
{
    /// <summary>The query id the series came from (what METRICS("text") matches on).</summary>
    public string Id { get; } = id;
    public string Label { get; } = label;
    public int Period { get; } = period;
    public SortedDictionary<long, double> Points { get; } = points;

    public TimeSeries With(SortedDictionary<long, double> points, string? label = null) => new(Id, label ?? Label, Period, points);
}
