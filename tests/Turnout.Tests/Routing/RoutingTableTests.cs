using Turnout.Metrics;
using Turnout.Models;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;

namespace Turnout.Tests.Routing;

public class RoutingTableTests
{
    private static readonly MetricsHub Hub = new(TimeProvider.System);

    internal static RoutingTable Table(params float[] weights)
    {
        var variants = weights.Select((w, i) => new VariantRoute(
            $"V{i}", "m", w, [new ModelInstance(0, new ConstantPredictor())], OutputStyle.CommaJoined, Hub.GetVariant("e", $"V{i}"), false)).ToList();
        return new RoutingTable("e", variants);
    }

    [Fact]
    public void PickWeighted_StratifiedDraws_MatchWeightsExactly()
    {
        // A property over many weight vectors: with u spread evenly over [0,1), each variant's count
        // equals N·w/W up to the rounding at its two interval edges.
        var random = new Random(20261122);
        for (var trial = 0; trial < 500; trial++)
        {
            var weights = Enumerable.Range(0, random.Next(1, 11))
                .Select(_ => random.Next(4) == 0 ? 0f : (float)(random.NextDouble() * 100)).ToArray();
            if (weights.All(w => w == 0))
            {
                weights[0] = 1;
            }

            var table = Table(weights);
            const int n = 10_000;
            var counts = new int[weights.Length];
            for (var i = 0; i < n; i++)
            {
                var v = table.PickWeighted((i + 0.5) / n)!;
                counts[int.Parse(v.Name[1..], System.Globalization.CultureInfo.InvariantCulture)]++;
            }

            var total = weights.Sum(w => (double)w);
            for (var k = 0; k < weights.Length; k++)
            {
                var expected = n * weights[k] / total;
                Assert.True(Math.Abs(counts[k] - expected) <= 1.0,
                    $"trial {trial}: weights [{string.Join(", ", weights)}], variant {k}: {counts[k]} draws, expected {expected:F2}");
                if (weights[k] == 0)
                {
                    Assert.Equal(0, counts[k]);
                }
            }
        }
    }

    [Fact]
    public void PickWeighted_SeededRandom_PassesChiSquare()
    {
        var random = new Random(7);
        var weights = new[] { 25f, 75f, 0f, 10f };
        var table = Table(weights);
        const int n = 200_000;
        var counts = new int[weights.Length];
        for (var i = 0; i < n; i++)
        {
            counts[int.Parse(table.PickWeighted(random.NextDouble())!.Name[1..], System.Globalization.CultureInfo.InvariantCulture)]++;
        }

        var total = weights.Sum();
        double chi2 = 0;
        var df = -1;
        for (var k = 0; k < weights.Length; k++)
        {
            if (weights[k] == 0)
            {
                Assert.Equal(0, counts[k]);
                continue;
            }

            var expected = n * weights[k] / total;
            chi2 += (counts[k] - expected) * (counts[k] - expected) / expected;
            df++;
        }

        // 99.9th percentile of chi-square with 2 degrees of freedom.
        Assert.Equal(2, df);
        Assert.True(chi2 < 13.816, $"chi-square {chi2:F2} for counts [{string.Join(", ", counts)}]");
    }

    [Fact]
    public void PickWeighted_UpperEdge_GoesToLastWeightedVariant()
    {
        var table = Table(1f, 1f, 0f);
        Assert.Equal("V1", table.PickWeighted(0.9999999999999999)!.Name);
    }

    [Fact]
    public void PickWeighted_AllZero_ReturnsNull() => Assert.Null(Table(0f, 0f).PickWeighted(0.5));

    [Fact]
    public void Find_KnownAndUnknownNames()
    {
        var table = Table(1f, 2f);
        Assert.Equal("V1", table.Find("V1")!.Name);
        Assert.Null(table.Find("v1"));
    }

    [Fact]
    public void PickInstance_PrefersLeastBusy()
    {
        var predictor = new ConstantPredictor();
        var instances = new[] { new ModelInstance(0, predictor), new ModelInstance(1, predictor), new ModelInstance(2, predictor) };
        var route = new VariantRoute("V", "m", 1, instances, OutputStyle.CommaJoined, Hub.GetVariant("e", "V"), false);
        instances[0].Enter();
        instances[2].Enter();
        instances[2].Enter();
        for (uint spread = 0; spread < 6; spread++)
        {
            Assert.Equal(1, route.PickInstance(spread).Id);
        }
    }

    internal sealed class ConstantPredictor : IPredictor
    {
        public int FeatureCount => 2;
        public int OutputCount => 1;
        public string Objective => "reg:squarederror";

        public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output) => output[..rowCount].Fill(0.5f);
    }
}
