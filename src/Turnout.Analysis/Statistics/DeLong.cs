namespace Turnout.Analysis.Statistics;

/// <summary>
/// DeLong, DeLong &amp; Clarke-Pearson (1988) variance of ROC AUC via structural components, computed with
/// midranks (Sun &amp; Xu 2014) in O(n log n).
/// </summary>
public static class DeLong
{
    /// <summary>Both variants scored the same rows (an offline replay): the AUCs are correlated and the covariance counts.</summary>
    public static DeLongResult Paired(ReadOnlySpan<double> scores1, ReadOnlySpan<double> scores2, ReadOnlySpan<int> labels)
    {
        if (scores1.Length != labels.Length || scores2.Length != labels.Length)
        {
            throw new ArgumentException("Paired DeLong needs both score vectors on the same labelled rows.");
        }

        var a = Components(scores1, labels);
        var b = Components(scores2, labels);
        if (a is null || b is null)
        {
            return new DeLongResult(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, true);
        }

        var m = a.Value.Positive.Length;
        var n = a.Value.Negative.Length;
        var covariance = Covariance(a.Value.Positive, b.Value.Positive) / m + Covariance(a.Value.Negative, b.Value.Negative) / n;
        return new DeLongResult(a.Value.Auc, b.Value.Auc, Variance(a.Value), Variance(b.Value), covariance, true);
    }

    /// <summary>The variants scored different rows (live traffic split between them): independent AUCs.</summary>
    public static DeLongResult Unpaired(ReadOnlySpan<double> scores1, ReadOnlySpan<int> labels1, ReadOnlySpan<double> scores2, ReadOnlySpan<int> labels2)
    {
        var a = Components(scores1, labels1);
        var b = Components(scores2, labels2);
        if (a is null || b is null)
        {
            return new DeLongResult(double.NaN, double.NaN, double.NaN, double.NaN, 0, false);
        }

        return new DeLongResult(a.Value.Auc, b.Value.Auc, Variance(a.Value), Variance(b.Value), 0, false);
    }

    /// <summary>Variance of a single AUC estimate.</summary>
    public static double AucVariance(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels) =>
        Components(scores, labels) is { } c ? Variance(c) : double.NaN;

    private static double Variance((double Auc, double[] Positive, double[] Negative) c) =>
        Covariance(c.Positive, c.Positive) / c.Positive.Length + Covariance(c.Negative, c.Negative) / c.Negative.Length;

    /// <summary>
    /// V₁₀ for each positive (the share of negatives it outranks, ties counting ½) and V₀₁ for each negative
    /// (the share of positives that outrank it); the AUC is the mean of either. Null when a class is missing.
    /// </summary>
    internal static (double Auc, double[] Positive, double[] Negative)? Components(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var positives = new List<double>();
        var negatives = new List<double>();
        for (var i = 0; i < scores.Length; i++)
        {
            (labels[i] == 1 ? positives : negatives).Add(scores[i]);
        }

        var m = positives.Count;
        var n = negatives.Count;
        if (m == 0 || n == 0)
        {
            return null;
        }

        var combined = new double[m + n];
        positives.CopyTo(combined);
        negatives.CopyTo(combined, m);
        var all = Midranks(combined);
        var withinPositive = Midranks(positives.ToArray());
        var withinNegative = Midranks(negatives.ToArray());
        var v10 = new double[m];
        var rankSum = 0.0;
        for (var i = 0; i < m; i++)
        {
            v10[i] = (all[i] - withinPositive[i]) / n;
            rankSum += all[i];
        }

        var v01 = new double[n];
        for (var j = 0; j < n; j++)
        {
            v01[j] = 1 - (all[m + j] - withinNegative[j]) / m;
        }

        var auc = (rankSum - m * (m + 1) / 2.0) / ((double)m * n);
        return (auc, v10, v01);
    }

    /// <summary>1-based ranks with ties sharing their average rank.</summary>
    internal static double[] Midranks(double[] values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = (double[])values.Clone();
        Array.Sort(keys, order);
        var ranks = new double[values.Length];
        for (var i = 0; i < keys.Length;)
        {
            var j = i;
            while (j + 1 < keys.Length && keys[j + 1] == keys[i])
            {
                j++;
            }

            var rank = (i + j) / 2.0 + 1;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        return ranks;
    }

    /// <summary>Sample covariance (n − 1 denominator); 0 for a single value.</summary>
    private static double Covariance(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return 0;
        }

        double mx = 0, my = 0;
        for (var i = 0; i < x.Length; i++)
        {
            mx += x[i];
            my += y[i];
        }

        mx /= x.Length;
        my /= y.Length;
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += (x[i] - mx) * (y[i] - my);
        }

        return sum / (x.Length - 1);
    }
}
