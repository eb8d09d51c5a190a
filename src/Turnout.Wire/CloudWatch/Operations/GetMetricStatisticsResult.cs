using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>GetMetricStatistics output: the label (metric name) and the datapoints.</summary>
internal sealed record GetMetricStatisticsResult(string Label, IReadOnlyList<MetricDatapoint> Datapoints);
