using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Compiled;
using Turnout.Models.XGBoost.Model;

namespace Turnout.Tests.Models;

/// <summary>
/// The flat, branch-free layout must agree bit for bit with the general traversal on any input, including
/// values on thresholds, one ulp either side, NaN, ±0 and ±infinity, for single rows and odd-sized batches.
/// </summary>
public class FlatTreePredictorTests
{
    public static TheoryData<string> TreeCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in FixtureCase.All.Where(c => c.Files.Contains("model.json") && !c.Name.StartsWith("gblinear", StringComparison.Ordinal)))
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TreeCases))]
    public void Predict_RandomAndBoundaryRows_SameBitsAsGeneralTraversal(string caseName)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == caseName);
        var model = XGBoostModelReader.Read(fixture.ReadModel("model.json"));
        var generic = EnsembleCompiler.CompileGeneric(model);
        var compiled = EnsembleCompiler.Compile(model);
        if (model.Trees.Any(t => t.Categories is not null))
        {
            Assert.IsType<TreeEnsemblePredictor>(compiled);
            return;
        }

        var flat = Assert.IsType<FlatTreePredictor>(compiled);
        var rows = BoundaryRows(model, new Random(caseName.Length), 203);
        var expected = new float[203 * generic.OutputCount];
        var actual = new float[expected.Length];
        generic.Predict(rows, 203, expected);
        flat.Predict(rows, 203, actual);
        Assert.Equal(Bits(expected), Bits(actual));

        var one = new float[generic.OutputCount];
        for (int r = 0; r < 203; r += 17)
        {
            flat.Predict(rows.AsSpan(r * model.NumFeature, model.NumFeature), 1, one);
            Assert.Equal(Bits(expected.AsSpan(r * one.Length, one.Length).ToArray()), Bits(one));
        }
    }

    [Fact]
    public void Compile_NaNThresholdOnNumericalSplit_FallsBackToGeneralTraversal()
    {
        var model = new XGBoostModel
        {
            Objective = "reg:squarederror",
            NumFeature = 1,
            NumClass = 0,
            BaseScore = 0.5f,
            Booster = BoosterKind.GBTree,
            Trees =
            [
                new TreeModel
                {
                    LeftChildren = [1, -1, -1],
                    RightChildren = [2, -1, -1],
                    SplitFeatures = [0, 0, 0],
                    Values = [float.NaN, 1f, 2f],
                    DefaultLeft = [true, false, false],
                },
            ],
            TreeInfo = [0],
        };

        var predictor = EnsembleCompiler.Compile(model);
        Assert.IsType<TreeEnsemblePredictor>(predictor);
        var output = new float[1];
        predictor.Predict([3f], 1, output);
        Assert.Equal(2.5f, output[0]); // 3 < NaN is false: right, as in 1.7
    }

    private static float[] BoundaryRows(XGBoostModel model, Random random, int count)
    {
        var thresholds = model.Trees
            .SelectMany(t => Enumerable.Range(0, t.NodeCount).Where(i => t.LeftChildren[i] != -1).Select(i => (t.SplitFeatures[i], t.Values[i])))
            .ToArray();
        float[] specials = [float.NaN, 0f, -0f, float.PositiveInfinity, float.NegativeInfinity, 3e38f, -3e38f];
        var rows = new float[count * model.NumFeature];
        for (int i = 0; i < rows.Length; i++)
        {
            int f = i % model.NumFeature;
            var onFeature = thresholds.Where(x => x.Item1 == f).Select(x => x.Item2).ToArray();
            rows[i] = random.Next(6) switch
            {
                0 => specials[random.Next(specials.Length)],
                1 or 2 when onFeature.Length > 0 => Near(onFeature[random.Next(onFeature.Length)], random.Next(3)),
                _ => (float)((random.NextDouble() - 0.5) * 6),
            };
        }

        return rows;
    }

    private static float Near(float threshold, int which) => which switch
    {
        0 => threshold,
        1 => MathF.BitDecrement(threshold),
        _ => MathF.BitIncrement(threshold),
    };

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
