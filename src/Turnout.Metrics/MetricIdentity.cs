namespace Turnout.Metrics;

/// <summary>A metric series: namespace, name and its full dimension set.</summary>
public sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<MetricDimension> Dimensions);
