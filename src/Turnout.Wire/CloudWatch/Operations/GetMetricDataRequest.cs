namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>A validated GetMetricData input.</summary>
internal sealed record GetMetricDataRequest(
    IReadOnlyList<MetricDataQuery> Queries,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    bool Ascending);
