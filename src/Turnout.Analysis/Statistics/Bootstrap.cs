namespace Turnout.Analysis.Statistics;

/// <summary>
/// Percentile bootstrap of metric differences with a fixed seed. Several metrics share each resample, so one
/// pass costs one set of index draws. The p-value is the two-sided bootstrap test obtained by inverting the
/// percentile interval: twice the share of resampled differences on the far side of zero.
/// </summary>
public static class Bootstrap
{
    public const int DefaultResamples = 2000;
    public const ulong DefaultSeed = 20261122;

    /// <summary>
    /// Paired: both variants scored the same n rows, so each resample draws one set of row indices for both.
    /// <paramref name="difference"/> fills one difference per metric for the given row indices.
    /// </summary>
    public static BootstrapResult[] Paired(int rows, int metrics, Action<int[], int[], double[]> difference, double confidence = 0.95, int resamples = DefaultResamples, ulong seed = DefaultSeed) =>
        Run(rows, rows, metrics, paired: true, difference, confidence, resamples, seed);

    /// <summary>Independent samples of sizes n₁ (variant) and n₂ (baseline), each resampled on its own.</summary>
    public static BootstrapResult[] Unpaired(int variantRows, int baselineRows, int metrics, Action<int[], int[], double[]> difference, double confidence = 0.95, int resamples = DefaultResamples, ulong seed = DefaultSeed) =>
        Run(variantRows, baselineRows, metrics, paired: false, difference, confidence, resamples, seed);

    private static BootstrapResult[] Run(int n1, int n2, int metrics, bool paired, Action<int[], int[], double[]> difference, double confidence, int resamples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var rng = new Xoshiro256(seed);
        var idx1 = new int[n1];
        var idx2 = paired ? idx1 : new int[n2];
        var draws = new List<double>[metrics];
        for (var k = 0; k < metrics; k++)
        {
            draws[k] = new List<double>(resamples);
        }

        var row = new double[metrics];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n1; i++)
            {
                idx1[i] = rng.NextInt(n1);
            }

            if (!paired)
            {
                for (var i = 0; i < n2; i++)
                {
                    idx2[i] = rng.NextInt(n2);
                }
            }

            difference(idx1, idx2, row);
            for (var k = 0; k < metrics; k++)
            {
                // A resample can leave a metric undefined (e.g. R² of one row); it carries no information.
                if (!double.IsNaN(row[k]))
                {
                    draws[k].Add(row[k]);
                }
            }
        }

        var results = new BootstrapResult[metrics];
        var alpha = 1 - confidence;
        for (var k = 0; k < metrics; k++)
        {
            results[k] = Summarise(draws[k], alpha);
        }

        return results;
    }

    internal static BootstrapResult Summarise(List<double> draws, double alpha)
    {
        if (draws.Count < 2)
        {
            return new BootstrapResult(new Interval(double.NaN, double.NaN), double.NaN, double.NaN, draws.Count);
        }

        var sorted = draws.ToArray();
        Array.Sort(sorted);
        double mean = 0;
        foreach (var d in sorted)
        {
            mean += d;
        }

        mean /= sorted.Length;
        double ss = 0, below = 0, above = 0;
        foreach (var d in sorted)
        {
            ss += (d - mean) * (d - mean);
            below += d <= 0 ? 1 : 0;
            above += d >= 0 ? 1 : 0;
        }

        var p = Math.Min(1, 2 * Math.Min(below, above) / sorted.Length);
        return new BootstrapResult(
            new Interval(Percentile(sorted, alpha / 2), Percentile(sorted, 1 - alpha / 2)),
            Math.Sqrt(ss / (sorted.Length - 1)),
            p,
            sorted.Length);
    }

    /// <summary>numpy.percentile's default (linear interpolation between closest ranks).</summary>
    internal static double Percentile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
