namespace Turnout.Analysis.Quality;

/// <summary>
/// Multi-class metrics matching scikit-learn: per-class F1 over the sorted union of true and predicted labels
/// (0 where precision and recall are both 0), averaged plainly (macro) or by true-class support (weighted).
/// </summary>
public static class MulticlassMetrics
{
    public static MulticlassQuality Compute(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length || predicted.Length == 0)
        {
            throw new ArgumentException($"Need equally many predictions and labels, got {predicted.Length} and {labels.Length}.");
        }

        var classes = new SortedDictionary<int, (long Tp, long Predicted, long Support)>();
        long correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var hit = predicted[i] == labels[i];
            correct += hit ? 1 : 0;
            classes.TryGetValue(labels[i], out var t);
            classes[labels[i]] = (t.Tp + (hit ? 1 : 0), t.Predicted, t.Support + 1);
            classes.TryGetValue(predicted[i], out var p);
            classes[predicted[i]] = (p.Tp, p.Predicted + 1, p.Support);
        }

        double macro = 0, weighted = 0;
        foreach (var (tp, predictedCount, support) in classes.Values)
        {
            var f1 = BinaryMetrics.F1(BinaryMetrics.Ratio(tp, predictedCount), BinaryMetrics.Ratio(tp, support));
            macro += f1;
            weighted += f1 * support;
        }

        return new MulticlassQuality(labels.Length, (double)correct / labels.Length, macro / classes.Count, weighted / labels.Length, correct);
    }

    /// <summary>The predicted class of one observation: the value itself, or the index of the largest probability (first on ties, like numpy.argmax).</summary>
    public static int PredictedClass(ReadOnlySpan<double> prediction)
    {
        if (prediction.Length == 1)
        {
            return (int)Math.Round(prediction[0]);
        }

        var best = 0;
        for (var i = 1; i < prediction.Length; i++)
        {
            if (prediction[i] > prediction[best])
            {
                best = i;
            }
        }

        return best;
    }
}
