namespace Turnout.Metrics;

/// <summary>
/// One PutMetricData datum, already validated: a value, a statistic set or values with counts, all
/// expressed as an <see cref="Aggregate"/>. <see cref="StorageResolution"/> is 1 (high resolution) or 60.
/// </summary>
public sealed record MetricDatum(
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    DateTimeOffset Timestamp,
    Aggregate Value,
    string Unit,
    int StorageResolution = 60);
