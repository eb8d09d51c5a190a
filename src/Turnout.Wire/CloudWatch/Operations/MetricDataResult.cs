namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One GetMetricData series: parallel timestamps and values.</summary>
internal sealed record MetricDataResult(string Id, string Label, IReadOnlyList<DateTimeOffset> Timestamps, IReadOnlyList<double> Values);
