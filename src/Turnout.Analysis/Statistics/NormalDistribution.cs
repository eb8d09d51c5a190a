using MathNet.Numerics;

namespace Turnout.Analysis.Statistics;

/// <summary>The standard normal distribution (agrees with scipy.stats.norm; see tests/fixtures/analysis/normal.json).</summary>
public static class NormalDistribution
{
    /// <summary>Φ(x).</summary>
    public static double Cdf(double x) => 0.5 * SpecialFunctions.Erfc(-x / Math.Sqrt(2));

    /// <summary>1 − Φ(x), computed without cancellation in the upper tail.</summary>
    public static double Survival(double x) => 0.5 * SpecialFunctions.Erfc(x / Math.Sqrt(2));

    /// <summary>Φ⁻¹(p).</summary>
    public static double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(p);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        return -Math.Sqrt(2) * SpecialFunctions.ErfcInv(2 * p);
    }

    /// <summary>Two-sided p-value of a z statistic: 2·(1 − Φ(|z|)).</summary>
    public static double TwoSidedPValue(double z) => double.IsNaN(z) ? double.NaN : Math.Min(1, 2 * Survival(Math.Abs(z)));
}
