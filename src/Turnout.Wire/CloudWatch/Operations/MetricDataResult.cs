namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One GetMetricData series: parallel timestamps and values, and whether this page holds all of them.</summary>
internal sealed record MetricDataResult(
    string Id,
    string Label,
    IReadOnlyList<DateTimeOffset> Timestamps,
    IReadOnlyList<double> Values,
    string StatusCode = "Complete");
