using Turnout.Analysis.Quality;

namespace Turnout.Analysis.Comparison;

/// <summary>Quality of one variant and, unless it is the baseline, its comparison with the baseline.</summary>
public sealed record VariantReport(
    string Variant,
    int Count,
    BinaryQuality? Binary,
    RegressionQuality? Regression,
    MulticlassQuality? Multiclass,
    IReadOnlyList<MetricComparison> Comparisons,
    Recommendation Recommendation)
{
    public double Value(string metric) => metric switch
    {
        MetricNames.Accuracy => Binary?.Accuracy ?? Multiclass!.Accuracy,
        MetricNames.Precision => Binary!.Precision,
        MetricNames.Recall => Binary!.Recall,
        MetricNames.F1 => Binary!.F1,
        MetricNames.Specificity => Binary!.Specificity,
        MetricNames.RocAuc => Binary!.RocAuc,
        MetricNames.PrAuc => Binary!.PrAuc,
        MetricNames.LogLoss => Binary!.LogLoss,
        MetricNames.Brier => Binary!.Brier,
        MetricNames.Mae => Regression!.Mae,
        MetricNames.Rmse => Regression!.Rmse,
        MetricNames.R2 => Regression!.R2,
        MetricNames.Mape => Regression!.Mape,
        MetricNames.MacroF1 => Multiclass!.MacroF1,
        MetricNames.WeightedF1 => Multiclass!.WeightedF1,
        _ => throw new ArgumentException($"Unknown metric '{metric}'.", nameof(metric)),
    };
}
