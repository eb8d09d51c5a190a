using Turnout.Analysis.Statistics;

namespace Turnout.Analysis.Comparison;

/// <summary>
/// One metric of one variant against the baseline. <see cref="Difference"/> is variant − baseline;
/// <see cref="Interval"/> and <see cref="PValue"/> are fixed-sample (valid for a single look) and come from
/// <see cref="Method"/>; <see cref="Sequential"/> stays valid under continuous monitoring.
/// <see cref="AdditionalRowsPerVariant"/>: rows still needed per variant to detect the minimum effect.
/// </summary>
public sealed record MetricComparison(
    MetricInfo Metric,
    double BaselineValue,
    double VariantValue,
    double Difference,
    Interval Interval,
    double PValue,
    string Method,
    double StandardError,
    SequentialResult Sequential,
    double MinimumEffect,
    long? AdditionalRowsPerVariant);
