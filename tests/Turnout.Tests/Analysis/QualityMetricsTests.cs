using Turnout.Analysis.Quality;
using static Turnout.Tests.Analysis.AnalysisFixtures;

namespace Turnout.Tests.Analysis;

public sealed class QualityMetricsTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<string> BinaryCases => CaseNames("binary_metrics.json");

    public static TheoryData<string> RegressionCases => CaseNames("regression_metrics.json");

    public static TheoryData<string> MulticlassCases => CaseNames("multiclass_metrics.json");

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryCompute_SklearnFixture_MatchesEveryMetric(string name)
    {
        var c = Case("binary_metrics.json", name);
        var e = c.GetProperty("expected");
        var q = BinaryMetrics.Compute(c.Doubles("scores"), c.Ints("labels"), c.Number("threshold"));

        Assert.Equal((long)e.Number("tp"), q.Confusion.TruePositives);
        Assert.Equal((long)e.Number("fp"), q.Confusion.FalsePositives);
        Assert.Equal((long)e.Number("tn"), q.Confusion.TrueNegatives);
        Assert.Equal((long)e.Number("fn"), q.Confusion.FalseNegatives);
        Close(e.Number("accuracy"), q.Accuracy, Tolerance, name + " accuracy");
        Close(e.Number("precision"), q.Precision, Tolerance, name + " precision");
        Close(e.Number("recall"), q.Recall, Tolerance, name + " recall");
        Close(e.Number("f1"), q.F1, Tolerance, name + " f1");
        Close(e.Number("specificity"), q.Specificity, Tolerance, name + " specificity");
        Close(e.Number("roc_auc"), q.RocAuc, Tolerance, name + " roc_auc");
        Close(e.Number("pr_auc"), q.PrAuc, Tolerance, name + " pr_auc");
        Close(e.Number("log_loss"), q.LogLoss, Tolerance, name + " log_loss");
        Close(e.Number("brier"), q.Brier, Tolerance, name + " brier");
    }

    [Theory]
    [MemberData(nameof(RegressionCases))]
    public void RegressionCompute_SklearnFixture_MatchesEveryMetric(string name)
    {
        var c = Case("regression_metrics.json", name);
        var e = c.GetProperty("expected");
        var q = RegressionMetrics.Compute(c.Doubles("predictions"), c.Doubles("labels"));

        Close(e.Number("mae"), q.Mae, Tolerance, name + " mae");
        Close(e.Number("rmse"), q.Rmse, Tolerance, name + " rmse");
        Close(e.Number("r2"), q.R2, Tolerance, name + " r2");
        // MAPE divides by machine epsilon at y = 0, so compare relatively.
        var mape = e.Number("mape");
        Close(mape, q.Mape, Tolerance * Math.Max(1, Math.Abs(mape)), name + " mape");
    }

    [Theory]
    [MemberData(nameof(MulticlassCases))]
    public void MulticlassCompute_SklearnFixture_MatchesEveryMetric(string name)
    {
        var c = Case("multiclass_metrics.json", name);
        var e = c.GetProperty("expected");
        var predicted = c.Ints("predictions");
        if (c.TryGetProperty("probabilities", out var probabilities))
        {
            // Argmax of the probability vector must reproduce numpy's argmax.
            Assert.Equal(predicted, probabilities.EnumerateArray().Select(r => MulticlassMetrics.PredictedClass(r.EnumerateArray().Select(v => v.GetDouble()).ToArray())).ToArray());
        }

        var q = MulticlassMetrics.Compute(predicted, c.Ints("labels"));

        Close(e.Number("accuracy"), q.Accuracy, Tolerance, name + " accuracy");
        Close(e.Number("macro_f1"), q.MacroF1, Tolerance, name + " macro_f1");
        Close(e.Number("weighted_f1"), q.WeightedF1, Tolerance, name + " weighted_f1");
    }

    [Fact]
    public void BinaryCompute_ScoreEqualToThreshold_IsNegativeLikeTheNotebook()
    {
        var q = BinaryMetrics.Compute([0.5, 0.5000001], [1, 1]);

        Assert.Equal(1, q.Confusion.FalseNegatives);
        Assert.Equal(1, q.Confusion.TruePositives);
    }

    [Fact]
    public void BinaryCompute_LabelOutsideZeroOne_Throws()
    {
        Assert.Throws<ArgumentException>(() => BinaryMetrics.Compute([0.2, 0.7], [0, 2]));
    }
}
