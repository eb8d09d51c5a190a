using Turnout.Analysis.Quality;

namespace Turnout.Analysis.Comparison;

/// <summary>One variant's observations flattened into arrays, with its quality computed once.</summary>
internal sealed class VariantData
{
    private VariantData(string name, double[] scores, double[] labels, int[] classLabels, int[] predictedClasses)
    {
        Name = name;
        Scores = scores;
        Labels = labels;
        ClassLabels = classLabels;
        PredictedClasses = predictedClasses;
    }

    public string Name { get; }

    /// <summary>The first predicted value: P(class 1) for binary models, the estimate for regression.</summary>
    public double[] Scores { get; }

    public double[] Labels { get; }

    /// <summary>Labels as class ids (binary and multi-class).</summary>
    public int[] ClassLabels { get; }

    /// <summary>Predicted class ids (multi-class).</summary>
    public int[] PredictedClasses { get; }

    public int Count => Labels.Length;

    public BinaryQuality? Binary { get; private set; }

    public RegressionQuality? Regression { get; private set; }

    public MulticlassQuality? Multiclass { get; private set; }

    public static VariantData Create(VariantObservations variant, ProblemKind kind, ComparisonOptions options)
    {
        var rows = variant.Observations
            .Where(o => (options.From is not { } from || o.Timestamp >= from) && (options.To is not { } to || o.Timestamp < to))
            .ToArray();
        if (rows.Length == 0)
        {
            throw new ArgumentException($"Variant '{variant.VariantName}' has no observations in the window.");
        }

        var scores = new double[rows.Length];
        var labels = new double[rows.Length];
        var classLabels = new int[rows.Length];
        var predicted = new int[rows.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            scores[i] = rows[i].Score;
            labels[i] = rows[i].Label;
            if (kind != ProblemKind.Regression)
            {
                if (rows[i].Label != Math.Round(rows[i].Label))
                {
                    throw new ArgumentException($"Variant '{variant.VariantName}': class label {rows[i].Label} is not an integer.");
                }

                classLabels[i] = (int)rows[i].Label;
                predicted[i] = kind == ProblemKind.Multiclass ? MulticlassMetrics.PredictedClass(rows[i].Prediction.Span) : 0;
            }
        }

        var data = new VariantData(variant.VariantName, scores, labels, classLabels, predicted);
        switch (kind)
        {
            case ProblemKind.Binary:
                data.Binary = BinaryMetrics.Compute(scores, classLabels, options.Threshold);
                break;
            case ProblemKind.Regression:
                data.Regression = RegressionMetrics.Compute(scores, labels);
                break;
            default:
                data.Multiclass = MulticlassMetrics.Compute(predicted, classLabels);
                break;
        }

        return data;
    }
}
