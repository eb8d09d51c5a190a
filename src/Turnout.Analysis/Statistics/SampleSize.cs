namespace Turnout.Analysis.Statistics;

/// <summary>Fixed-horizon sample sizes for a two-sided test at level α with the given power.</summary>
public static class SampleSize
{
    /// <summary>
    /// Rows per group to detect p₁ vs p₂ with the two-proportion z-test:
    /// n = (z₁₋α/₂·√(2·p̄·(1 − p̄)) + z₁₋β·√(p₁(1 − p₁) + p₂(1 − p₂)))² / (p₁ − p₂)², p̄ = (p₁ + p₂)/2. Not rounded.
    /// </summary>
    public static double TwoProportions(double p1, double p2, double alpha = 0.05, double power = 0.8)
    {
        if (p1 == p2)
        {
            return double.PositiveInfinity;
        }

        var za = NormalDistribution.Quantile(1 - alpha / 2);
        var zb = NormalDistribution.Quantile(power);
        var pbar = (p1 + p2) / 2;
        var root = za * Math.Sqrt(2 * pbar * (1 - pbar)) + zb * Math.Sqrt(p1 * (1 - p1) + p2 * (1 - p2));
        return root * root / ((p1 - p2) * (p1 - p2));
    }

    /// <summary>
    /// For metrics without a closed form (AUC, F1, log loss …): the standard error shrinks like 1/√n, so the rows
    /// needed for an effect δ are n·(SE·(z₁₋α/₂ + z₁₋β)/δ)² given the SE observed at n rows.
    /// </summary>
    public static double FromStandardError(double standardError, long rows, double effect, double alpha = 0.05, double power = 0.8)
    {
        var z = NormalDistribution.Quantile(1 - alpha / 2) + NormalDistribution.Quantile(power);
        var ratio = standardError * z / effect;
        return rows * ratio * ratio;
    }

    /// <summary>Rows still to collect per group: ⌈required⌉ − current, at least 0; null when it cannot be computed.</summary>
    public static long? Remaining(double required, long current) =>
        double.IsFinite(required) ? Math.Max(0, (long)Math.Ceiling(required) - current) : null;
}
