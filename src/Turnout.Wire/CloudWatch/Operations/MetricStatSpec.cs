using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>A MetricStat: which series, at what period, reduced by which statistic (standard or pNN.NN).</summary>
internal sealed record MetricStatSpec(
    string Namespace,
    string MetricName,
    IReadOnlyList<MetricDimension> Dimensions,
    int Period,
    string Stat,
    string? Unit);
