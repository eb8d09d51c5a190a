namespace Turnout.Metrics;

/// <summary>
/// A GetMetricStatistics-style query. Dimensions must match a series' dimension set exactly (order aside),
/// as CloudWatch does; <see cref="Unit"/>, when set, must equal the series' unit or nothing is returned.
/// </summary>
public sealed record MetricStatisticsQuery(
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int PeriodSeconds,
    MetricStatistics Statistics,
    string? Unit = null);
