namespace Turnout.Metrics;

/// <summary>One period's aggregate; only the requested statistics are set.</summary>
public sealed record MetricDatapoint(
    DateTimeOffset Timestamp,
    double? SampleCount,
    double? Average,
    double? Sum,
    double? Minimum,
    double? Maximum,
    string Unit,
    IReadOnlyDictionary<string, double>? ExtendedStatistics = null);
