namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>A validated GetMetricData input; <see cref="Cursor"/> comes from NextToken.</summary>
internal sealed record GetMetricDataRequest(
    IReadOnlyList<MetricDataQuery> Queries,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    bool Ascending,
    int MaxDatapoints,
    (int Result, int Point) Cursor);
