using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>A validated GetMetricStatistics input, whatever protocol carried it.</summary>
internal sealed record GetMetricStatisticsRequest(
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    int Period,
    MetricStatistics Statistics,
    string? Unit,
    IReadOnlyList<string> ExtendedStatistics);
