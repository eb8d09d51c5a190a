namespace Turnout.Analysis.Statistics;

/// <summary>Percentile-bootstrap summary of a difference (variant − baseline).</summary>
public sealed record BootstrapResult(Interval Interval, double StandardError, double PValue, int Resamples);
