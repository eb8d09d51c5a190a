namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One page of GetMetricData results and the token for the rest, if any.</summary>
internal sealed record GetMetricDataPage(IReadOnlyList<MetricDataResult> Results, string? NextToken);
