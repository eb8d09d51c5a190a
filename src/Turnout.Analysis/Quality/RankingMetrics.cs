namespace Turnout.Analysis.Quality;

/// <summary>
/// Threshold-free metrics built on scikit-learn's _binary_clf_curve: one point per distinct score, scores in
/// descending order, cumulative true and false positives at each.
/// </summary>
public static class RankingMetrics
{
    /// <summary>sklearn.metrics.roc_auc_score (trapezoids over the ROC curve); NaN when only one class is present.</summary>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var (tps, fps) = Curve(scores, labels);
        var positives = tps[^1];
        var negatives = fps[^1];
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        var area = 0.0;
        double previousFpr = 0, previousTpr = 0;
        for (var i = 0; i < tps.Length; i++)
        {
            var fpr = fps[i] / negatives;
            var tpr = tps[i] / positives;
            area += (fpr - previousFpr) * (tpr + previousTpr) / 2;
            previousFpr = fpr;
            previousTpr = tpr;
        }

        return area;
    }

    /// <summary>
    /// sklearn.metrics.average_precision_score: Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds. With no positive
    /// labels scikit-learn 1.2 sets recall to 1 everywhere, which makes the score 0.
    /// </summary>
    public static double AveragePrecision(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var (tps, fps) = Curve(scores, labels);
        var positives = tps[^1];
        if (positives == 0)
        {
            return 0;
        }

        var sum = 0.0;
        var previousRecall = 0.0;
        for (var i = 0; i < tps.Length; i++)
        {
            var predicted = tps[i] + fps[i];
            var precision = predicted == 0 ? 0 : tps[i] / predicted;
            var recall = tps[i] / positives;
            sum += (recall - previousRecall) * precision;
            previousRecall = recall;
        }

        return sum;
    }

    /// <summary>Cumulative true/false positive counts at each distinct score, highest score first.</summary>
    internal static (double[] Tps, double[] Fps) Curve(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var order = new int[scores.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var keys = scores.ToArray();
        Array.Sort(keys, order);
        var tps = new List<double>();
        var fps = new List<double>();
        double tp = 0, fp = 0;
        for (var k = order.Length - 1; k >= 0; k--)
        {
            if (labels[order[k]] == 1) { tp++; } else { fp++; }

            // Ties share one point on the curve: emit only after the last row with this score.
            if (k == 0 || keys[k - 1] != keys[k])
            {
                tps.Add(tp);
                fps.Add(fp);
            }
        }

        return (tps.ToArray(), fps.ToArray());
    }
}
