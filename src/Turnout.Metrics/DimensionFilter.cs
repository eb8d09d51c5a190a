namespace Turnout.Metrics;

/// <summary>A ListMetrics dimension filter: the name must be present; the value, when given, must match.</summary>
public readonly record struct DimensionFilter(string Name, string? Value);
