using Turnout.Analysis;
using Turnout.Analysis.Comparison;
using Turnout.Analysis.Statistics;
using static Turnout.Tests.Analysis.AnalysisFixtures;

namespace Turnout.Tests.Analysis;

public sealed class VariantComparerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_ChurnReplayPaired_MatchesSklearnAndDeLongFixtures()
    {
        var one = Case("binary_metrics.json", "churn_model1");
        var two = Case("binary_metrics.json", "churn_model2");
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Variant("Variant1", one), Variant("Variant2", two)], new ComparisonOptions { Paired = true });

        Assert.Equal("Variant1", report.Baseline);
        Close(one.GetProperty("expected").Number("roc_auc"), report.Variants[0].Binary!.RocAuc, 1e-9, "model1 auc");
        Close(two.GetProperty("expected").Number("log_loss"), report.Variants[1].Binary!.LogLoss, 1e-9, "model2 log loss");

        var delong = Load("delong.json").GetProperty("paired").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "churn_model2_vs_model1");
        var auc = report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.RocAuc);
        Assert.Equal("paired DeLong", auc.Method);
        Close(delong.Number("auc_a") - delong.Number("auc_b"), auc.Difference, 1e-12, "auc difference");
        Close(delong.Number("lower"), auc.Interval.Lower, 1e-9, "auc lower");
        Close(delong.Number("upper"), auc.Interval.Upper, 1e-9, "auc upper");
        Close(delong.Number("p"), auc.PValue, 1e-9, "auc p");

        var accuracy = report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.Accuracy);
        Assert.Equal("paired Newcombe score, McNemar", accuracy.Method);
        Close(318.0 / 334 - 320.0 / 334, accuracy.Difference, 1e-12, "accuracy difference");
        Assert.True(accuracy.Interval.Lower < accuracy.Difference && accuracy.Difference < accuracy.Interval.Upper);

        // The two notebook models are within noise of each other on 334 rows: the report must say so.
        Assert.False(auc.Interval.ExcludesZero);
        Assert.Equal(Verdict.KeepCollecting, report.Recommendation.Verdict);
        Assert.Contains("includes 0", report.Recommendation.Message, StringComparison.Ordinal);
        Assert.Contains("keep collecting data", report.Recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ClearlyBetterVariant_ShipsIt()
    {
        var (labels, weak, strong) = Synthetic(600, seed: 1);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, weak), Scored("B", labels, strong)], new ComparisonOptions { Paired = true, BootstrapResamples = 300 });

        Assert.Equal(Verdict.Ship, report.Recommendation.Verdict);
        Assert.Equal("B", report.Recommendation.Variant);
        Assert.StartsWith("B is better than A on ROC AUC: +", report.Recommendation.Message, StringComparison.Ordinal);
        Assert.EndsWith("ship it.", report.Recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_WorseVariant_KeepsBaseline()
    {
        var (labels, weak, strong) = Synthetic(600, seed: 2);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, strong), Scored("B", labels, weak)], new ComparisonOptions { Paired = true, BootstrapResamples = 300 });

        Assert.Equal(Verdict.KeepBaseline, report.Variants[1].Recommendation.Verdict);
        Assert.EndsWith("keep A.", report.Recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_IdenticalModelsManyRows_NoMeaningfulDifference()
    {
        var (labels, weak, _) = Synthetic(4000, seed: 3);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, weak), Scored("B", labels, weak)],
            new ComparisonOptions { Paired = true, PrimaryMetric = MetricNames.Accuracy, BootstrapResamples = 200 });

        Assert.Equal(Verdict.NoMeaningfulDifference, report.Recommendation.Verdict);
    }

    [Fact]
    public void Evaluate_BaselineOption_ComparesAgainstThatVariant()
    {
        var (labels, weak, strong) = Synthetic(300, seed: 4);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, weak), Scored("B", labels, strong)],
            new ComparisonOptions { Baseline = "B", BootstrapResamples = 200 });

        Assert.Equal("B", report.Baseline);
        Assert.Empty(report.Variants[1].Comparisons);
        Assert.Equal(Verdict.Baseline, report.Variants[1].Recommendation.Verdict);
        Assert.Equal("DeLong", report.Variants[0].Comparisons.Single(c => c.Metric.Name == MetricNames.RocAuc).Method);
    }

    [Fact]
    public void Evaluate_Unpaired_UsesNewcombeAndZTestOnCounts()
    {
        var (labels, weak, strong) = Synthetic(300, seed: 9);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, weak), Scored("B", labels[..250], strong[..250])],
            new ComparisonOptions { BootstrapResamples = 100 });

        var a = report.Variants[0].Binary!.Confusion;
        var b = report.Variants[1].Binary!.Confusion;
        var accuracy = report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.Accuracy);
        Assert.Equal("Newcombe score", accuracy.Method);
        Assert.Equal(Proportions.NewcombeDifference(b.Correct, b.Total, a.Correct, a.Total), accuracy.Interval);
        Assert.Equal(Proportions.TwoProportionPValue(b.Correct, b.Total, a.Correct, a.Total), accuracy.PValue);
        Assert.Equal("percentile bootstrap", report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.F1).Method);
    }

    [Fact]
    public void Evaluate_SequentialSignificantOnlyAtFixedHorizon_KeepsCollecting()
    {
        // 2.5 standard errors: beyond the fixed 95% interval, well short of the always-valid boundary.
        var n = 2000;
        var (kb, kv) = (600, 600 + (int)Math.Round(2.5 * Math.Sqrt(2 * 0.3 * 0.7 / n) * n));
        VariantObservations Arm(string name, int successes) =>
            new(name, Enumerable.Range(0, n).Select(i => Observation.Scalar(i < successes ? 0.9 : 0.1, 1, Start)).ToArray());

        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Arm("A", kb), Arm("B", kv)],
            new ComparisonOptions { Sequential = true, PrimaryMetric = MetricNames.Recall, BootstrapResamples = 50 });

        var recall = report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.Recall);
        Assert.True(recall.Interval.ExcludesZero);
        Assert.False(recall.Sequential.RejectsNull);
        Assert.Equal(Verdict.KeepCollecting, report.Recommendation.Verdict);
        Assert.Contains("always-valid", report.Recommendation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PairedButDifferentRows_Throws()
    {
        var (labels, weak, strong) = Synthetic(100, seed: 5);
        var shorter = labels[..99];

        Assert.Throws<ArgumentException>(() => VariantComparer.Evaluate(ProblemKind.Binary,
            [Scored("A", labels, weak), Scored("B", shorter, strong[..99])], new ComparisonOptions { Paired = true }));
    }

    [Fact]
    public void Evaluate_Window_CountsOnlyObservationsInside()
    {
        var (labels, weak, strong) = Synthetic(200, seed: 6);
        var report = VariantComparer.Evaluate(ProblemKind.Binary, [Scored("A", labels, weak), Scored("B", labels, strong)],
            new ComparisonOptions { From = Start.AddMinutes(50), To = Start.AddMinutes(150), BootstrapResamples = 100 });

        Assert.All(report.Variants, v => Assert.Equal(100, v.Count));
    }

    [Fact]
    public void Evaluate_SameInputs_SameReport()
    {
        var (labels, weak, strong) = Synthetic(300, seed: 7);
        VariantObservations[] variants = [Scored("A", labels, weak), Scored("B", labels, strong)];

        var first = VariantComparer.Evaluate(ProblemKind.Binary, variants, new ComparisonOptions { BootstrapResamples = 300 });
        var second = VariantComparer.Evaluate(ProblemKind.Binary, variants, new ComparisonOptions { BootstrapResamples = 300 });

        Assert.Equal(first.Variants[1].Comparisons, second.Variants[1].Comparisons);
    }

    [Fact]
    public void Evaluate_Regression_LowerRmseShips()
    {
        var rng = new Xoshiro256(8);
        var labels = Enumerable.Range(0, 400).Select(_ => 10 + 3 * rng.NextGaussian()).ToArray();
        var rough = labels.Select(y => y + 2 * rng.NextGaussian()).ToArray();
        var fine = labels.Select(y => y + 0.5 * rng.NextGaussian()).ToArray();

        var report = VariantComparer.Evaluate(ProblemKind.Regression,
            [Scored("A", labels.Select(l => (int)0).ToArray(), rough, labels), Scored("B", labels.Select(l => (int)0).ToArray(), fine, labels)],
            new ComparisonOptions { Paired = true, BootstrapResamples = 300 });

        Assert.Equal(MetricNames.Rmse, report.PrimaryMetric);
        Assert.Equal(Verdict.Ship, report.Recommendation.Verdict);
        Assert.True(report.Variants[1].Comparisons.Single(c => c.Metric.Name == MetricNames.Rmse).Difference < 0);
    }

    [Fact]
    public void Evaluate_MulticlassFromProbabilityVectors_ComputesQuality()
    {
        var c = Case("multiclass_metrics.json", "from_probabilities");
        var labels = c.Ints("labels");
        var rows = c.GetProperty("probabilities").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        var observations = rows.Select((p, i) => new Observation(p, labels[i], Start)).ToArray();

        var report = VariantComparer.Evaluate(ProblemKind.Multiclass,
            [new VariantObservations("A", observations), new VariantObservations("B", observations)], new ComparisonOptions { Paired = true, BootstrapResamples = 100 });

        Close(c.GetProperty("expected").Number("macro_f1"), report.Variants[0].Multiclass!.MacroF1, 1e-9, "macro f1");
        Assert.Equal(0, report.Variants[1].Comparisons.Single(x => x.Metric.Name == MetricNames.Accuracy).Difference);
    }

    private static VariantObservations Variant(string name, System.Text.Json.JsonElement fixture) =>
        Scored(name, fixture.Ints("labels"), fixture.Doubles("scores"));

    private static VariantObservations Scored(string name, int[] labels, double[] scores, double[]? realLabels = null) =>
        new(name, scores.Select((s, i) => Observation.Scalar(s, realLabels?[i] ?? labels[i], Start.AddMinutes(i))).ToArray());

    /// <summary>Labels at 40% prevalence, a weak score (AUC ≈ 0.7) and a strong one (AUC ≈ 0.95) on the same rows.</summary>
    private static (int[] Labels, double[] Weak, double[] Strong) Synthetic(int n, ulong seed)
    {
        var rng = new Xoshiro256(seed);
        var labels = new int[n];
        var weak = new double[n];
        var strong = new double[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = rng.NextDouble() < 0.4 ? 1 : 0;
            weak[i] = 1 / (1 + Math.Exp(-(0.8 * labels[i] - 0.6 + rng.NextGaussian())));
            strong[i] = 1 / (1 + Math.Exp(-(3.0 * labels[i] - 1.5 + rng.NextGaussian())));
        }

        return (labels, weak, strong);
    }
}
