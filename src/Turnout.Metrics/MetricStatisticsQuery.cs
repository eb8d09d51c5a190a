namespace Turnout.Metrics;

/// <summary>
/// A GetMetricStatistics-style query. Dimensions must match a series' dimension set exactly (order aside),
/// as CloudWatch does; <see cref="Unit"/>, when set, must equal the series' unit or nothing is returned.
/// <see cref="ExtendedStatistics"/> are percentiles such as "p99" or "p99.9".
/// </summary>
public sealed record MetricStatisticsQuery(
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int PeriodSeconds,
    MetricStatistics Statistics,
    string? Unit = null,
    IReadOnlyList<string>? ExtendedStatistics = null);
