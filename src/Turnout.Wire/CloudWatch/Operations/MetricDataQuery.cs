namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One GetMetricData query: a <see cref="MetricStat"/> or a metric-math <see cref="Expression"/>.</summary>
internal sealed record MetricDataQuery(
    string Id,
    string? Label,
    bool ReturnData,
    int? Period,
    MetricStatSpec? MetricStat,
    string? Expression);
