namespace Turnout.Analysis.Quality;

/// <summary>
/// Binary-classification metrics computed the way scikit-learn 1.2 computes them. A row is predicted positive
/// when its score is strictly greater than the threshold, as in the AWS A/B notebook
/// (<c>np.where(pred &gt; threshold, 1, 0)</c>).
/// </summary>
public static class BinaryMetrics
{
    public const double DefaultThreshold = 0.5;

    public static BinaryQuality Compute(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, double threshold = DefaultThreshold)
    {
        Validate(scores, labels);
        var confusion = Confuse(scores, labels, threshold);
        var precision = Ratio(confusion.TruePositives, confusion.PredictedPositives);
        var recall = Ratio(confusion.TruePositives, confusion.ActualPositives);
        return new BinaryQuality(
            scores.Length,
            threshold,
            confusion,
            Ratio(confusion.Correct, confusion.Total),
            precision,
            recall,
            F1(precision, recall),
            Ratio(confusion.TrueNegatives, confusion.ActualNegatives),
            RankingMetrics.RocAuc(scores, labels),
            RankingMetrics.AveragePrecision(scores, labels),
            LogLoss(scores, labels),
            Brier(scores, labels));
    }

    public static ConfusionMatrix Confuse(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels, double threshold)
    {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (var i = 0; i < scores.Length; i++)
        {
            var positive = scores[i] > threshold;
            if (labels[i] == 1)
            {
                if (positive) { tp++; } else { fn++; }
            }
            else if (positive) { fp++; }
            else { tn++; }
        }

        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /// <summary>F1 as fbeta_score computes it: 2PR/(P+R), 0 when both are 0.</summary>
    public static double F1(double precision, double recall)
    {
        var denominator = precision + recall;
        return denominator == 0 ? 0 : 2 * precision * recall / denominator;
    }

    /// <summary>
    /// sklearn.metrics.log_loss with labels=[0, 1] and eps="auto": clip to [ε, 1−ε] with ε the float64 machine
    /// epsilon, build the two-column matrix [1−p, p], renormalise each row by its sum, average −log of the true column.
    /// </summary>
    public static double LogLoss(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        const double eps = 2.220446049250313e-16; // np.finfo(np.float64).eps
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            var p = Math.Clamp(scores[i], eps, 1 - eps);
            var q = 1 - p;
            var rowSum = q + p;
            sum += -Math.Log((labels[i] == 1 ? p : q) / rowSum);
        }

        return sum / scores.Length;
    }

    /// <summary>Mean squared difference between the probability and the 0/1 label.</summary>
    public static double Brier(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        var sum = 0.0;
        for (var i = 0; i < scores.Length; i++)
        {
            var d = labels[i] - scores[i];
            sum += d * d;
        }

        return sum / scores.Length;
    }

    internal static double Ratio(long numerator, long denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static void Validate(ReadOnlySpan<double> scores, ReadOnlySpan<int> labels)
    {
        if (scores.Length != labels.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {labels.Length} labels.");
        }

        if (scores.Length == 0)
        {
            throw new ArgumentException("No observations.");
        }

        foreach (var label in labels)
        {
            if (label is not (0 or 1))
            {
                throw new ArgumentException($"Binary labels must be 0 or 1, got {label}.");
            }
        }
    }
}
