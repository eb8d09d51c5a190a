namespace Turnout.Metrics;

/// <summary>One name/value dimension of a metric, as CloudWatch models it.</summary>
public readonly record struct MetricDimension(string Name, string Value);
