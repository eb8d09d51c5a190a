namespace Turnout.Analysis.Quality;

/// <summary>
/// Binary-classification quality of one variant. Ratios with an empty denominator are 0 (scikit-learn's
/// zero_division behaviour); ROC AUC is NaN when only one class is present (scikit-learn raises).
/// </summary>
public sealed record BinaryQuality(
    int Count,
    double Threshold,
    ConfusionMatrix Confusion,
    double Accuracy,
    double Precision,
    double Recall,
    double F1,
    double Specificity,
    double RocAuc,
    double PrAuc,
    double LogLoss,
    double Brier);
