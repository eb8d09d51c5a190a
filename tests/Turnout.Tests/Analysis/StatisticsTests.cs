using Turnout.Analysis.Statistics;
using static Turnout.Tests.Analysis.AnalysisFixtures;

namespace Turnout.Tests.Analysis;

public sealed class StatisticsTests
{
    [Fact]
    public void NormalCdfAndSurvival_ScipyFixture_AgreeTo1e6AndRelative1e9()
    {
        foreach (var c in Load("normal.json").GetProperty("cdf").EnumerateArray())
        {
            var x = c.Number("x");
            foreach (var (expected, actual, what) in new[] { (c.Number("cdf"), NormalDistribution.Cdf(x), "cdf"), (c.Number("sf"), NormalDistribution.Survival(x), "sf") })
            {
                Close(expected, actual, 1e-6, $"{what}({x})");
                Close(expected, actual, 1e-9 * Math.Abs(expected), $"{what}({x}) relative");
            }
        }
    }

    [Fact]
    public void NormalQuantile_ScipyFixture_AgreesTo1e6()
    {
        foreach (var c in Load("normal.json").GetProperty("ppf").EnumerateArray())
        {
            var p = c.Number("p");
            var expected = c.Number("ppf");
            Close(expected, NormalDistribution.Quantile(p), Math.Max(1e-9, 1e-9 * Math.Abs(expected)), $"ppf({p})");
        }
    }

    [Fact]
    public void Wilson_ScipyBinomtestFixture_Matches()
    {
        foreach (var c in Load("proportions.json").GetProperty("wilson").EnumerateArray())
        {
            var ci = Proportions.Wilson((long)c.Number("k"), (long)c.Number("n"), c.Number("confidence"));
            Close(c.Number("lower"), ci.Lower, 1e-9, $"wilson lower {c}");
            Close(c.Number("upper"), ci.Upper, 1e-9, $"wilson upper {c}");
        }
    }

    [Fact]
    public void NewcombeDifferenceAndZTest_Fixture_Match()
    {
        foreach (var c in Load("proportions.json").GetProperty("newcombe").EnumerateArray())
        {
            var (k1, n1, k2, n2) = ((long)c.Number("k1"), (long)c.Number("n1"), (long)c.Number("k2"), (long)c.Number("n2"));
            var ci = Proportions.NewcombeDifference(k1, n1, k2, n2);
            Close(c.Number("lower"), ci.Lower, 1e-9, $"newcombe lower {c}");
            Close(c.Number("upper"), ci.Upper, 1e-9, $"newcombe upper {c}");
            if (c.TryGetProperty("z_test_p", out _))
            {
                Close(c.Number("z_test_p"), Proportions.TwoProportionPValue(k1, n1, k2, n2), 1e-9, $"z-test p {c}");
            }
        }
    }

    [Fact]
    public void PairedNewcombeAndMcNemar_Fixture_Match()
    {
        foreach (var c in Load("proportions.json").GetProperty("paired").EnumerateArray())
        {
            var (a, b, cc, d) = ((long)c.Number("both"), (long)c.Number("variant_only"), (long)c.Number("baseline_only"), (long)c.Number("neither"));
            var ci = Proportions.PairedNewcombeDifference(a, b, cc, d);
            Close(c.Number("lower"), ci.Lower, 1e-9, $"paired lower {c}");
            Close(c.Number("upper"), ci.Upper, 1e-9, $"paired upper {c}");
            Close(c.Number("mcnemar_p"), Proportions.McNemarPValue(b, cc), 1e-9, $"mcnemar {c}");
        }
    }

    [Fact]
    public void DeLongPaired_NumpyReference_MatchesAucsVariancesAndTest()
    {
        foreach (var c in Load("delong.json").GetProperty("paired").EnumerateArray())
        {
            var name = c.GetProperty("name").GetString();
            var r = DeLong.Paired(c.Doubles("scores_a"), c.Doubles("scores_b"), c.Ints("labels"));
            Close(c.Number("auc_a"), r.Auc1, 1e-12, name + " auc a");
            Close(c.Number("auc_b"), r.Auc2, 1e-12, name + " auc b");
            Close(c.Number("var_a"), r.Variance1, 1e-12, name + " var a");
            Close(c.Number("var_b"), r.Variance2, 1e-12, name + " var b");
            Close(c.Number("cov"), r.Covariance, 1e-12, name + " cov");
            Close(c.Number("p"), r.PValue, 1e-9, name + " p");
            var ci = r.ConfidenceInterval();
            Close(c.Number("lower"), ci.Lower, 1e-9, name + " lower");
            Close(c.Number("upper"), ci.Upper, 1e-9, name + " upper");
        }
    }

    [Fact]
    public void DeLongUnpaired_NumpyReference_Matches()
    {
        foreach (var c in Load("delong.json").GetProperty("unpaired").EnumerateArray())
        {
            var r = DeLong.Unpaired(c.Doubles("scores_a"), c.Ints("labels_a"), c.Doubles("scores_b"), c.Ints("labels_b"));
            Close(c.Number("auc_a"), r.Auc1, 1e-12, "auc a");
            Close(c.Number("auc_b"), r.Auc2, 1e-12, "auc b");
            Close(c.Number("var_a"), r.Variance1, 1e-12, "var a");
            Close(c.Number("var_b"), r.Variance2, 1e-12, "var b");
            Assert.Equal(0, r.Covariance);
            Close(c.Number("p"), r.PValue, 1e-9, "p");
        }
    }

    [Fact]
    public void DeLong_OneClassOnly_IsNaN()
    {
        var r = DeLong.Paired([0.1, 0.4], [0.2, 0.3], [1, 1]);

        Assert.True(double.IsNaN(r.Difference));
        Assert.True(double.IsNaN(r.PValue));
    }

    [Fact]
    public void MixtureSprtEvaluate_Fixture_MatchesRatioPValueAndInterval()
    {
        foreach (var c in Load("sequential.json").GetProperty("msprt").EnumerateArray())
        {
            var r = MixtureSprt.Evaluate(c.Number("difference"), c.Number("variance"), c.Number("tau"), c.Number("alpha"));
            Close(c.Number("lambda"), r.LikelihoodRatio, 1e-9 * Math.Max(1, c.Number("lambda")), $"lambda {c}");
            Close(c.Number("p"), r.AlwaysValidPValue, 1e-9, $"p {c}");
            Close(c.Number("lower"), r.AlwaysValidInterval.Lower, 1e-9, $"lower {c}");
            Close(c.Number("upper"), r.AlwaysValidInterval.Upper, 1e-9, $"upper {c}");
            Assert.Equal(c.Number("p") <= c.Number("alpha"), r.RejectsNull);
        }
    }

    [Fact]
    public void MixtureSprtEvaluate_PreviousPValue_StaysMonotone()
    {
        var first = MixtureSprt.Evaluate(0.05, 1e-4, 0.02);
        var later = MixtureSprt.Evaluate(0.0, 1e-4, 0.02, previousPValue: first.AlwaysValidPValue);

        Assert.True(first.RejectsNull);
        Assert.Equal(first.AlwaysValidPValue, later.AlwaysValidPValue);
    }

    [Fact]
    public void SampleSizeTwoProportions_Fixture_Matches()
    {
        foreach (var c in Load("sequential.json").GetProperty("sample_size").EnumerateArray())
        {
            var n = SampleSize.TwoProportions(c.Number("p1"), c.Number("p2"), c.Number("alpha"), c.Number("power"));
            Close(c.Number("n"), n, 1e-9 * c.Number("n"), $"n {c}");
            Assert.Equal((long)c.Number("n_ceil"), SampleSize.Remaining(n, 0));
        }
    }

    [Fact]
    public void SampleSizeRemaining_AlreadyEnough_IsZero()
    {
        Assert.Equal(0, SampleSize.Remaining(99.2, 150));
        Assert.Equal(1, SampleSize.Remaining(99.2, 99));
        Assert.Null(SampleSize.Remaining(double.PositiveInfinity, 10));
    }

    [Fact]
    public void BootstrapPercentile_NumpyFixture_Matches()
    {
        var p = Load("sequential.json").GetProperty("percentiles");
        var sorted = p.Doubles("values");
        Array.Sort(sorted);
        foreach (var c in p.GetProperty("cases").EnumerateArray())
        {
            Close(c.Number("value"), Bootstrap.Percentile(sorted, c.Number("q")), 1e-12, $"q={c.Number("q")}");
        }
    }

    [Fact]
    public void BootstrapPaired_SameSeed_SameInterval()
    {
        var x = Enumerable.Range(0, 80).Select(i => Math.Sin(i) + i * 0.01).ToArray();
        void Mean(int[] a, int[] b, double[] row) => row[0] = a.Average(i => x[i]) - b.Average(i => x[i] * 0.9);

        var first = Bootstrap.Paired(x.Length, 1, Mean, resamples: 500, seed: 7)[0];
        var second = Bootstrap.Paired(x.Length, 1, Mean, resamples: 500, seed: 7)[0];

        Assert.Equal(first, second);
        Assert.True(first.Interval.Lower < first.Interval.Upper);
    }

    [Fact]
    public void BootstrapUnpaired_ShiftedMeans_IntervalCoversShiftAndExcludesZero()
    {
        var rng = new Xoshiro256(3);
        var a = Enumerable.Range(0, 400).Select(_ => rng.NextGaussian() + 0.5).ToArray();
        var b = Enumerable.Range(0, 300).Select(_ => rng.NextGaussian()).ToArray();
        void Mean(int[] ia, int[] ib, double[] row) => row[0] = ia.Average(i => a[i]) - ib.Average(i => b[i]);

        var r = Bootstrap.Unpaired(a.Length, b.Length, 1, Mean, resamples: 1000)[0];

        Assert.True(r.Interval.Lower > 0 && r.Interval.Lower < 0.5 && r.Interval.Upper > 0.5, r.ToString());
        Assert.True(r.PValue < 0.01);
    }
}
