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

    /// <summary>
    /// Newcombe's hybrid score interval for the difference of two paired proportions (1998b, method 10, with the
    /// uncorrected φ as in Fagerland, Lydersen &amp; Laake 2014). Both variants judged the same n rows:
    /// <paramref name="both"/> succeeded on both, <paramref name="variantOnly"/> only on the variant,
    /// <paramref name="baselineOnly"/> only on the baseline, <paramref name="neither"/> on neither.
    /// The interval is for p_variant − p_baseline.
    /// </summary>
    public static Interval PairedNewcombeDifference(long both, long variantOnly, long baselineOnly, long neither, double confidence = 0.95)
    {
        var n = both + variantOnly + baselineOnly + neither;
        if (n == 0)
        {
            return new Interval(-1, 1);
        }

        var p1 = (double)(both + variantOnly) / n;
        var p2 = (double)(both + baselineOnly) / n;
        var w1 = Wilson(both + variantOnly, n, confidence);
        var w2 = Wilson(both + baselineOnly, n, confidence);
        var product = (double)(both + variantOnly) * (baselineOnly + neither) * (both + baselineOnly) * (variantOnly + neither);
        var phi = product == 0 ? 0 : ((double)both * neither - (double)variantOnly * baselineOnly) / Math.Sqrt(product);
        var d = p1 - p2;
        var lower = d - Math.Sqrt(Math.Max(0, Square(p1 - w1.Lower) - 2 * phi * (p1 - w1.Lower) * (w2.Upper - p2) + Square(w2.Upper - p2)));
        var upper = d + Math.Sqrt(Math.Max(0, Square(w1.Upper - p1) - 2 * phi * (w1.Upper - p1) * (p2 - w2.Lower) + Square(p2 - w2.Lower)));
        return new Interval(lower, upper);
    }

    /// <summary>Two-sided p-value of McNemar's test without continuity correction: z = (b − c)/√(b + c); 1 when b + c = 0.</summary>
    public static double McNemarPValue(long variantOnly, long baselineOnly)
    {
        var discordant = variantOnly + baselineOnly;
        return discordant == 0 ? 1 : NormalDistribution.TwoSidedPValue((variantOnly - baselineOnly) / Math.Sqrt(discordant));
    }

    /// <summary>Standard error of the paired difference (b − c)/n: √(((b + c)/n − Δ²)/n).</summary>
    public static double PairedDifferenceStandardError(long variantOnly, long baselineOnly, long rows)
    {
        if (rows == 0)
        {
            return double.NaN;
        }

        var d = (double)(variantOnly - baselineOnly) / rows;
        return Math.Sqrt(Math.Max(0, ((double)(variantOnly + baselineOnly) / rows - d * d) / rows));
    }

    private static double Square(double x) => x * x;
}
