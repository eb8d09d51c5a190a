using Turnout.Analysis.Quality;
using Turnout.Analysis.Statistics;

namespace Turnout.Analysis.Comparison;

/// <summary>
/// Builds every metric comparison of one variant against the baseline: Newcombe for proportions, DeLong for ROC
/// AUC, the percentile bootstrap for everything else; then the sequential test and the sample size for each.
/// </summary>
internal sealed class ComparisonBuilder(VariantData variant, VariantData baseline, ProblemKind kind, ComparisonOptions options)
{
    private readonly List<MetricComparison> _results = [];

    public IReadOnlyList<MetricComparison> Build()
    {
        switch (kind)
        {
            case ProblemKind.Binary:
                BuildBinary();
                break;
            case ProblemKind.Regression:
                Bootstrapped([MetricNames.Mae, MetricNames.Rmse, MetricNames.R2, MetricNames.Mape], RegressionValues);
                break;
            default:
                var v = variant.Multiclass!;
                var b = baseline.Multiclass!;
                if (options.Paired)
                {
                    PairedProportion(MetricNames.Accuracy, (d, i) => d.PredictedClasses[i] == d.ClassLabels[i]);
                }
                else
                {
                    Proportion(MetricNames.Accuracy, v.Correct, v.Count, b.Correct, b.Count, variant.Count, baseline.Count);
                }

                Bootstrapped([MetricNames.MacroF1, MetricNames.WeightedF1], MulticlassValues);
                break;
        }

        var order = MetricNames.For(kind);
        return _results.OrderBy(r => Array.IndexOf(order.ToArray(), r.Metric.Name)).ToArray();
    }

    private void BuildBinary()
    {
        var v = variant.Binary!.Confusion;
        var b = baseline.Binary!.Confusion;
        var threshold = options.Threshold;
        if (options.Paired)
        {
            // Same rows: compare row by row (McNemar tables) instead of as independent samples, which would
            // ignore that both models get most rows right together and give needlessly wide intervals.
            PairedProportion(MetricNames.Accuracy, (d, i) => d.Scores[i] > threshold == (d.ClassLabels[i] == 1));
            PairedProportion(MetricNames.Recall, (d, i) => d.ClassLabels[i] == 1 ? d.Scores[i] > threshold : null);
            PairedProportion(MetricNames.Specificity, (d, i) => d.ClassLabels[i] == 0 ? d.Scores[i] <= threshold : null);
        }
        else
        {
            Proportion(MetricNames.Accuracy, v.Correct, v.Total, b.Correct, b.Total, variant.Count, baseline.Count);
            Proportion(MetricNames.Precision, v.TruePositives, v.PredictedPositives, b.TruePositives, b.PredictedPositives, variant.Count, baseline.Count);
            Proportion(MetricNames.Recall, v.TruePositives, v.ActualPositives, b.TruePositives, b.ActualPositives, variant.Count, baseline.Count);
            Proportion(MetricNames.Specificity, v.TrueNegatives, v.ActualNegatives, b.TrueNegatives, b.ActualNegatives, variant.Count, baseline.Count);
        }

        var delong = options.Paired
            ? DeLong.Paired(variant.Scores, baseline.Scores, variant.ClassLabels)
            : DeLong.Unpaired(variant.Scores, variant.ClassLabels, baseline.Scores, baseline.ClassLabels);
        Add(MetricNames.RocAuc, delong.Auc2, delong.Auc1, delong.ConfidenceInterval(options.Confidence), delong.PValue,
            options.Paired ? "paired DeLong" : "DeLong", delong.StandardError, null);

        // Precision's denominator (predicted positives) differs between the models, so with paired rows it is
        // bootstrapped rather than treated as a McNemar table.
        Bootstrapped(options.Paired
            ? [MetricNames.Precision, MetricNames.F1, MetricNames.PrAuc, MetricNames.LogLoss, MetricNames.Brier]
            : [MetricNames.F1, MetricNames.PrAuc, MetricNames.LogLoss, MetricNames.Brier], BinaryValues);
    }

    /// <summary>
    /// A proportion over rows both variants scored. <paramref name="success"/> says whether row i counts as a
    /// success for the metric, or null when the row is not part of its denominator.
    /// </summary>
    private void PairedProportion(string metric, Func<VariantData, int, bool?> success)
    {
        long both = 0, variantOnly = 0, baselineOnly = 0, neither = 0;
        for (var i = 0; i < variant.Count; i++)
        {
            if (success(variant, i) is not { } sv || success(baseline, i) is not { } sb)
            {
                continue;
            }

            if (sv && sb) { both++; }
            else if (sv) { variantOnly++; }
            else if (sb) { baselineOnly++; }
            else { neither++; }
        }

        var n = both + variantOnly + baselineOnly + neither;
        var pv = BinaryMetrics.Ratio(both + variantOnly, n);
        var pb = BinaryMetrics.Ratio(both + baselineOnly, n);
        var se = Proportions.PairedDifferenceStandardError(variantOnly, baselineOnly, n);
        // The SE is per denominator row; scale the rows-needed estimate to all rows.
        var rowsPerTrial = n == 0 ? double.NaN : (double)variant.Count / n;
        var effect = Effect(MetricNames.Info(metric), pb);
        long? remaining = double.IsFinite(se) && double.IsFinite(rowsPerTrial)
            ? SampleSize.Remaining(SampleSize.FromStandardError(se, n, effect, 1 - options.Confidence, options.Power) * rowsPerTrial, variant.Count)
            : null;
        Add(metric, pb, pv, Proportions.PairedNewcombeDifference(both, variantOnly, baselineOnly, neither, options.Confidence),
            Proportions.McNemarPValue(variantOnly, baselineOnly), "paired Newcombe score, McNemar", se, remaining);
    }

    private void Proportion(string metric, long kv, long nv, long kb, long nb, int rowsV, int rowsB)
    {
        var pv = BinaryMetrics.Ratio(kv, nv);
        var pb = BinaryMetrics.Ratio(kb, nb);
        var effect = Effect(MetricNames.Info(metric), pb);
        // The z-test sample size counts trials (e.g. predicted positives for precision); convert to rows.
        var target = pb + effect <= 1 ? pb + effect : pb - effect;
        var trials = SampleSize.TwoProportions(pb, target, 1 - options.Confidence, options.Power);
        var rowsPerTrial = nb == 0 ? double.NaN : (double)rowsB / nb;
        Add(metric, pb, pv, Proportions.NewcombeDifference(kv, nv, kb, nb, options.Confidence), Proportions.TwoProportionPValue(kv, nv, kb, nb),
            "Newcombe score", Proportions.DifferenceStandardError(kv, nv, kb, nb), SampleSize.Remaining(trials * rowsPerTrial, Math.Min(rowsV, rowsB)));
    }

    private void Bootstrapped(string[] metrics, Func<double[], double[], int[], int[], string, double> value)
    {
        var vs = new double[variant.Count];
        var vl = new double[variant.Count];
        var vc = new int[variant.Count];
        var vp = new int[variant.Count];
        var bs = new double[baseline.Count];
        var bl = new double[baseline.Count];
        var bc = new int[baseline.Count];
        var bp = new int[baseline.Count];
        void Difference(int[] iv, int[] ib, double[] row)
        {
            Gather(variant, iv, vs, vl, vc, vp);
            Gather(baseline, ib, bs, bl, bc, bp);
            for (var k = 0; k < metrics.Length; k++)
            {
                row[k] = value(vs, vl, vc, vp, metrics[k]) - value(bs, bl, bc, bp, metrics[k]);
            }
        }

        var boot = options.Paired
            ? Bootstrap.Paired(variant.Count, metrics.Length, Difference, options.Confidence, options.BootstrapResamples, options.Seed)
            : Bootstrap.Unpaired(variant.Count, baseline.Count, metrics.Length, Difference, options.Confidence, options.BootstrapResamples, options.Seed);
        var method = options.Paired ? "paired percentile bootstrap" : "percentile bootstrap";
        for (var k = 0; k < metrics.Length; k++)
        {
            Add(metrics[k], value(baseline.Scores, baseline.Labels, baseline.ClassLabels, baseline.PredictedClasses, metrics[k]),
                value(variant.Scores, variant.Labels, variant.ClassLabels, variant.PredictedClasses, metrics[k]),
                boot[k].Interval, boot[k].PValue, method, boot[k].StandardError, null);
        }
    }

    private double BinaryValues(double[] scores, double[] labels, int[] classes, int[] predicted, string metric)
    {
        switch (metric)
        {
            case MetricNames.PrAuc:
                return RankingMetrics.AveragePrecision(scores, classes);
            case MetricNames.LogLoss:
                return BinaryMetrics.LogLoss(scores, classes);
            case MetricNames.Brier:
                return BinaryMetrics.Brier(scores, classes);
            default:
                var c = BinaryMetrics.Confuse(scores, classes, options.Threshold);
                var precision = BinaryMetrics.Ratio(c.TruePositives, c.PredictedPositives);
                return metric == MetricNames.Precision ? precision : BinaryMetrics.F1(precision, BinaryMetrics.Ratio(c.TruePositives, c.ActualPositives));
        }
    }

    private static double RegressionValues(double[] predictions, double[] labels, int[] classes, int[] predicted, string metric) => metric switch
    {
        MetricNames.Mae => RegressionMetrics.Mae(predictions, labels),
        MetricNames.Rmse => RegressionMetrics.Rmse(predictions, labels),
        MetricNames.R2 => RegressionMetrics.R2(predictions, labels),
        _ => RegressionMetrics.Mape(predictions, labels),
    };

    private static double MulticlassValues(double[] scores, double[] labels, int[] classes, int[] predicted, string metric)
    {
        var q = MulticlassMetrics.Compute(predicted, classes);
        return metric == MetricNames.MacroF1 ? q.MacroF1 : q.WeightedF1;
    }

    private static void Gather(VariantData data, int[] indices, double[] scores, double[] labels, int[] classes, int[] predicted)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            var j = indices[i];
            scores[i] = data.Scores[j];
            labels[i] = data.Labels[j];
            classes[i] = data.ClassLabels[j];
            predicted[i] = data.PredictedClasses[j];
        }
    }

    /// <param name="remaining">Rows still needed, or null to derive it from the standard error.</param>
    private void Add(string metric, double baselineValue, double variantValue, Interval interval, double p, string method, double se, long? remaining)
    {
        var info = MetricNames.Info(metric);
        var effect = Effect(info, baselineValue);
        var difference = variantValue - baselineValue;
        var previous = options.PreviousSequentialPValues is { } map && map.TryGetValue(variant.Name + "/" + metric, out var prior) ? prior : 1;
        var sequential = MixtureSprt.Evaluate(difference, se * se, effect, 1 - options.Confidence, previous);
        var rows = Math.Min(variant.Count, baseline.Count);
        remaining ??= double.IsFinite(se) ? SampleSize.Remaining(SampleSize.FromStandardError(se, rows, effect, 1 - options.Confidence, options.Power), rows) : null;
        _results.Add(new MetricComparison(info, baselineValue, variantValue, difference, interval, p, method, se, sequential, effect, remaining));
    }

    private double Effect(MetricInfo info, double baselineValue)
    {
        var mde = options.MinimumDetectableEffect;
        return info.RelativeEffect && double.IsFinite(baselineValue) && baselineValue != 0 ? mde * Math.Abs(baselineValue) : mde;
    }
}
