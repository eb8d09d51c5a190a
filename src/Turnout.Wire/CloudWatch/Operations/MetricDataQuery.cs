using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One GetMetricData query; only MetricStat queries are supported (no metric math).</summary>
internal sealed record MetricDataQuery(
    string Id,
    string? Label,
    bool ReturnData,
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    int Period,
    MetricStatistics Stat,
    string? Unit);
