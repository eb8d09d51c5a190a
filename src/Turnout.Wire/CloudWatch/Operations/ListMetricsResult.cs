using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>One ListMetrics page and the token for the next, if any.</summary>
internal sealed record ListMetricsResult(IReadOnlyList<MetricIdentity> Metrics, string? NextToken);
