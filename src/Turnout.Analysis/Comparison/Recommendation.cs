namespace Turnout.Analysis.Comparison;

/// <summary>A verdict and the sentence that explains it.</summary>
public sealed record Recommendation(Verdict Verdict, string? Variant, string Metric, string Message);
