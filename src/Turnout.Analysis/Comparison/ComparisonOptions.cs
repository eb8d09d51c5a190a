using Turnout.Analysis.Quality;
using Turnout.Analysis.Statistics;

namespace Turnout.Analysis.Comparison;

/// <summary>How variants are scored and compared.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Binary models: a score strictly above this counts as positive (the notebook's convention).</summary>
    public double Threshold { get; init; } = BinaryMetrics.DefaultThreshold;

    /// <summary>The variant the others are compared with; the first variant when null.</summary>
    public string? Baseline { get; init; }

    /// <summary>The metric the recommendation is based on; roc_auc, rmse or accuracy by problem kind when null.</summary>
    public string? PrimaryMetric { get; init; }

    public double Confidence { get; init; } = 0.95;

    /// <summary>
    /// Smallest difference worth detecting. Absolute for metrics on a 0–1 "higher is better" scale (accuracy,
    /// AUCs, F1, R² …); relative to the baseline's value for error metrics (log loss, Brier, MAE, RMSE, MAPE).
    /// Also the mixing scale τ of the sequential test.
    /// </summary>
    public double MinimumDetectableEffect { get; init; } = 0.02;

    /// <summary>Power for the sample-size estimate.</summary>
    public double Power { get; init; } = 0.8;

    /// <summary>
    /// True when every variant scored the same rows in the same order (an offline replay); enables paired
    /// DeLong and the paired bootstrap.
    /// </summary>
    public bool Paired { get; init; }

    /// <summary>
    /// True for live traffic that is looked at repeatedly: the verdict then follows the always-valid sequential
    /// test instead of the fixed-sample interval.
    /// </summary>
    public bool Sequential { get; init; }

    /// <summary>Always-valid p-values from the previous look, keyed "variant/metric"; keeps them monotone across looks.</summary>
    public IReadOnlyDictionary<string, double>? PreviousSequentialPValues { get; init; }

    public int BootstrapResamples { get; init; } = Bootstrap.DefaultResamples;

    public ulong Seed { get; init; } = Bootstrap.DefaultSeed;

    /// <summary>Only observations with From ≤ timestamp &lt; To count (either bound optional).</summary>
    public DateTimeOffset? From { get; init; }

    public DateTimeOffset? To { get; init; }
}
