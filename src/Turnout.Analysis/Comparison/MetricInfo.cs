namespace Turnout.Analysis.Comparison;

/// <summary>A metric's identity and direction. <see cref="RelativeEffect"/>: the MDE scales with the baseline value.</summary>
public sealed record MetricInfo(string Name, string DisplayName, bool HigherIsBetter, bool RelativeEffect);
