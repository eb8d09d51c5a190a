namespace Turnout.Analysis.Statistics;

/// <summary>Score intervals and tests for binomial proportions.</summary>
public static class Proportions
{
    /// <summary>Wilson score interval for k successes in n trials (scipy's binomtest(k, n).proportion_ci(method="wilson")).</summary>
    public static Interval Wilson(long successes, long trials, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0)
        {
            return new Interval(0, 1);
        }

        var z = NormalDistribution.Quantile(1 - (1 - confidence) / 2);
        var n = (double)trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        // Clamp the rounding error at k = 0 or k = n so the bound is exactly 0 or 1.
        return new Interval(successes == 0 ? 0 : Math.Max(0, center - half), successes == trials ? 1 : Math.Min(1, center + half));
    }

    /// <summary>
    /// Newcombe's hybrid score interval (1998, method 10) for p₁ − p₂ of two independent proportions, built
    /// from the two Wilson intervals. Here 1 is the variant and 2 the baseline.
    /// </summary>
    public static Interval NewcombeDifference(long successes1, long trials1, long successes2, long trials2, double confidence = 0.95)
    {
        var p1 = trials1 == 0 ? 0 : (double)successes1 / trials1;
        var p2 = trials2 == 0 ? 0 : (double)successes2 / trials2;
        var w1 = Wilson(successes1, trials1, confidence);
        var w2 = Wilson(successes2, trials2, confidence);
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Square(p1 - w1.Lower) + Square(w2.Upper - p2));
        var upper = d + Math.Sqrt(Square(w1.Upper - p1) + Square(p2 - w2.Lower));
        return new Interval(lower, upper);
    }

    /// <summary>Two-sided p-value of the pooled two-proportion z-test; 1 when the pooled variance is 0.</summary>
    public static double TwoProportionPValue(long successes1, long trials1, long successes2, long trials2)
    {
        if (trials1 == 0 || trials2 == 0)
        {
            return double.NaN;
        }

        var pooled = (double)(successes1 + successes2) / (trials1 + trials2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / trials1 + 1.0 / trials2));
        if (se == 0)
        {
            return 1;
        }

        var z = ((double)successes1 / trials1 - (double)successes2 / trials2) / se;
        return NormalDistribution.TwoSidedPValue(z);
    }

    /// <summary>Unpooled standard error of p₁ − p₂, the scale the sequential test uses.</summary>
    public static double DifferenceStandardError(long successes1, long trials1, long successes2, long trials2)
    {
        if (trials1 == 0 || trials2 == 0)
        {
            return double.NaN;
        }

        var p1 = (double)successes1 / trials1;
        var p2 = (double)successes2 / trials2;
        return Math.Sqrt(p1 * (1 - p1) / trials1 + p2 * (1 - p2) / trials2);
    }

    private static double Square(double x) => x * x;
}
