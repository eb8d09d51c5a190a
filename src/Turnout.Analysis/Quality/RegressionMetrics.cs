namespace Turnout.Analysis.Quality;

/// <summary>Regression metrics matching scikit-learn 1.2.</summary>
public static class RegressionMetrics
{
    public static RegressionQuality Compute(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        if (predictions.Length != labels.Length || predictions.Length == 0)
        {
            throw new ArgumentException($"Need equally many predictions and labels, got {predictions.Length} and {labels.Length}.");
        }

        return new RegressionQuality(predictions.Length, Mae(predictions, labels), Rmse(predictions, labels), R2(predictions, labels), Mape(predictions, labels));
    }

    public static double Mae(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum += Math.Abs(labels[i] - predictions[i]);
        }

        return sum / labels.Length;
    }

    public static double Rmse(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = labels[i] - predictions[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / labels.Length);
    }

    /// <summary>r2_score with force_finite: a constant label gives 1 for a perfect fit, else 0; NaN below two rows.</summary>
    public static double R2(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        if (labels.Length < 2)
        {
            return double.NaN;
        }

        var mean = 0.0;
        foreach (var y in labels)
        {
            mean += y;
        }

        mean /= labels.Length;
        double residual = 0, total = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var d = labels[i] - predictions[i];
            residual += d * d;
            var t = labels[i] - mean;
            total += t * t;
        }

        if (total == 0)
        {
            return residual == 0 ? 1 : 0;
        }

        return 1 - residual / total;
    }

    /// <summary>mean_absolute_percentage_error: |y − ŷ| / max(|y|, ε) with ε the float64 machine epsilon, so it is huge, not infinite, at y = 0.</summary>
    public static double Mape(ReadOnlySpan<double> predictions, ReadOnlySpan<double> labels)
    {
        const double eps = 2.220446049250313e-16;
        var sum = 0.0;
        for (var i = 0; i < labels.Length; i++)
        {
            sum += Math.Abs(labels[i] - predictions[i]) / Math.Max(Math.Abs(labels[i]), eps);
        }

        return sum / labels.Length;
    }
}
