using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>A validated ListMetrics input. <see cref="Offset"/> comes from NextToken.</summary>
internal sealed record ListMetricsRequest(
    string? Namespace,
    string? MetricName,
    IReadOnlyList<DimensionFilter> Dimensions,
    bool RecentlyActive,
    int Offset);
