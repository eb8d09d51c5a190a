using Turnout.Metrics;
using Turnout.Metrics.Histograms;
using Turnout.Metrics.Storage;
using Xunit.Abstractions;

namespace Turnout.Tests.Metrics;

public sealed class HistogramTests(ITestOutputHelper output)
{
    private static readonly double[] Percents = [0.1, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 99.99, 100];

    public static TheoryData<string> Distributions => ["uniform", "lognormal", "exponential", "small-integers", "bimodal", "fractional"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Percentile_KnownDistribution_WithinOnePercentOfExactNearestRank(string distribution)
    {
        var values = Sample(distribution, 100_000);
        var histogram = Histogram.FromValues(values.Select(v => (v, 1.0)));
        var sorted = values.Order().ToArray();
        var worst = 0.0;
        foreach (var p in Percents)
        {
            var exact = sorted[Math.Max(1, (int)Math.Ceiling(p / 100 * sorted.Length)) - 1];
            var measured = histogram.Percentile(p, sorted[0], sorted[^1])!.Value;
            var error = exact == 0 ? Math.Abs(measured) : Math.Abs(measured - exact) / Math.Abs(exact);
            worst = Math.Max(worst, error);
            Assert.True(error <= 0.01, $"{distribution} p{p}: {measured} vs exact {exact} ({error:P3})");
        }

        output.WriteLine($"{distribution}: worst relative error {worst:P3} (bound {LogLinear.MaxRelativeError:P3})");
        Assert.True(worst <= LogLinear.MaxRelativeError + 1e-12);
    }

    [Fact]
    public void Merge_MinutesMergedIntoHour_SameAsOneHistogramOfAllSamples()
    {
        var values = Sample("lognormal", 60_000);
        var whole = Histogram.FromValues(values.Select(v => (v, 1.0)));
        var merged = Histogram.Empty;
        foreach (var minute in values.Chunk(1_000))
        {
            merged = merged.Merge(Histogram.FromValues(minute.Select(v => (v, 1.0))));
        }

        Assert.Equal(whole.Keys.ToArray(), merged.Keys.ToArray());
        Assert.Equal(whole.Counts.ToArray(), merged.Counts.ToArray());
    }

    [Fact]
    public void KeyOf_NegativeZeroPositive_KeyOrderIsValueOrder()
    {
        double[] ascending = [-1e9, -1000, -1.5, -1, -1e-6, 0, 1e-6, 1, 1.5, 64, 1000, 1e9];
        var keys = ascending.Select(LogLinear.KeyOf).ToArray();
        Assert.Equal(keys.Order(), keys);
        Assert.All(ascending, v => Assert.InRange(Math.Abs(LogLinear.Midpoint(LogLinear.KeyOf(v)) - v), 0, (Math.Abs(v) * LogLinear.MaxRelativeError) + 1e-300));
    }

    [Fact]
    public void DenseIndex_EveryMicrosecondValue_MapsToSameBucketAsKeyOf()
    {
        for (long v = 0; v < 1L << 36; v = (v * 17 / 16) + 1)
        {
            Assert.Equal(LogLinear.KeyOf(v), LogLinear.KeyOfDense(LogLinear.DenseIndex(v)));
        }

        Assert.Equal(LogLinear.DenseLength - 1, LogLinear.DenseIndex(long.MaxValue));
        Assert.Equal(0, LogLinear.DenseIndex(-5));
    }

    [Fact]
    public void Codec_FractionalAndLargeCounts_RoundTripExactly()
    {
        var histogram = Histogram.FromValues([(-3.5, 1), (0, 2.25), (1, 1e15), (1234.5, 3), (1e300, 0.125)]);
        var decoded = HistogramCodec.Decode(HistogramCodec.Encode(histogram));
        Assert.Equal(histogram.Keys.ToArray(), decoded.Keys.ToArray());
        Assert.Equal(histogram.Counts.ToArray(), decoded.Counts.ToArray());
    }

    [Fact]
    public void AggregateMerge_WithStatisticSet_DropsDistributionKeepsStatistics()
    {
        var merged = Aggregate.Merge(Aggregate.FromValue(5), new Aggregate(2, 7, 3, 4, histogram: null));
        Assert.Equal((3.0, 12.0, 3.0, 5.0), (merged.Count, merged.Sum, merged.Min, merged.Max));
        Assert.Null(merged.Percentile(50));
    }

    [Theory]
    [InlineData("p50", 50)]
    [InlineData("p99.9", 99.9)]
    [InlineData("p12.34", 12.34)]
    [InlineData("p100", 100)]
    [InlineData("p0", 0)]
    public void PercentilesTryParse_Valid_Parsed(string text, double expected)
    {
        Assert.True(Percentiles.TryParse(text, out var percent));
        Assert.Equal(expected, percent);
    }

    [Theory]
    [InlineData("p")]
    [InlineData("p100.1")]
    [InlineData("P50")]
    [InlineData("p-1")]
    [InlineData("p50.")]
    [InlineData("tm99")]
    [InlineData("p1000")]
    public void PercentilesTryParse_Invalid_Rejected(string text) => Assert.False(Percentiles.TryParse(text, out _));

    internal static double[] Sample(string distribution, int n)
    {
        var random = new Random(20240501);
        return [.. Enumerable.Range(0, n).Select(i => distribution switch
        {
            "uniform" => 1 + (random.NextDouble() * 99_999),
            "lognormal" => Math.Exp(7 + (1.5 * Gaussian(random))),
            "exponential" => -Math.Log(1 - random.NextDouble()) * 2_000,
            "small-integers" => random.Next(0, 50),
            "bimodal" => i % 10 == 0 ? 250_000 + random.Next(50_000) : 800 + random.Next(400),
            _ => random.NextDouble() * 0.01,
        })];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
