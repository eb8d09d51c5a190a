namespace Turnout.Analysis.Comparison;

/// <summary>Side-by-side quality of every variant, comparisons with the baseline, and the overall recommendation.</summary>
public sealed record EvaluationReport(
    ProblemKind Kind,
    string Baseline,
    string PrimaryMetric,
    ComparisonOptions Options,
    IReadOnlyList<VariantReport> Variants,
    Recommendation Recommendation);
