using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Compiled;
using Turnout.Models.XGBoost.Formats;
using Turnout.Models.XGBoost.Model;
using Node = Turnout.Tests.Models.LegacyModelBuilder.Node;

namespace Turnout.Tests.Models;

public sealed class LegacyBinaryReaderTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Read_SpecStump_WithAndWithoutMagic(bool magic)
    {
        var model = LegacyBinaryReader.Read(new LegacyModelBuilder { Magic = magic }.Build());

        Assert.Equal("binary:logistic", model.Objective);
        Assert.Equal(2, model.NumFeature);
        Assert.Equal(0.5f, model.BaseScore);
        Assert.False(model.BaseScoreIsMargin);
        var tree = Assert.Single(model.Trees);
        Assert.Equal([1, -1, -1], tree.LeftChildren);
        Assert.True(tree.DefaultLeft[0]);
        Assert.Equal(2.5f, tree.Values[0]);
    }

    [Fact]
    public void Predict_SpecStump_ThresholdEqualityGoesRightMissingGoesDefault()
    {
        var predictor = Load(new LegacyModelBuilder());
        float[] rows = [2.4999998f, 0, 2.5f, 0, float.NaN, 0, float.PositiveInfinity, 0, float.NegativeInfinity, 0];
        var output = new float[5];

        predictor.Predict(rows, 5, output);

        float low = XGBoostMath.Sigmoid(-0.42857143f), high = XGBoostMath.Sigmoid(0.42857143f);
        Assert.Equal([low, high, low, high, low], output);
    }

    [Fact]
    public void Compile_Version090LogisticMargin_RoundTripsLike17()
    {
        // Spec 4.2: 1.7 maps a 0.90 stored margin through sigmoid and back; -1.1435143 becomes -1.1435144.
        var predictor = (IMarginPredictor)Load(new LegacyModelBuilder { Magic = false, MajorVersion = 0, BaseScore = -1.1435143f });

        Assert.Equal(-1.1435144f, predictor.BaseMargin);
    }

    [Fact]
    public void Compile_Version090Hinge_StoredHalfBecomesOne()
    {
        var predictor = (IMarginPredictor)Load(new LegacyModelBuilder { MajorVersion = 0, Objective = "binary:hinge", BaseScore = 0.5f });

        Assert.Equal(1.0f, predictor.BaseMargin);
    }

    [Fact]
    public void Read_DeletedNodes_AreIgnored()
    {
        Node[] tree =
        [
            new(3, 4, 0u, 0.5f),
            new(-1, -1, 0xFFFFFFFFu, 9f),
            new(-1, -1, 0xFFFFFFFFu, 9f),
            new(-1, -1, 0, -1f),
            new(-1, -1, 0, 1f),
        ];
        var predictor = Load(new LegacyModelBuilder { Objective = "reg:squarederror", BaseScore = 0f, Trees = [tree] });
        var output = new float[2];

        predictor.Predict([0f, 0f, 1f, 0f], 2, output);

        Assert.Equal([-1f, 1f], output);
    }

    [Fact]
    public void Predict_Dart_WeightsScaleLeaves()
    {
        var predictor = Load(new LegacyModelBuilder
        {
            Booster = "dart",
            Objective = "reg:squarederror",
            BaseScore = 0f,
            Trees = [LegacyModelBuilder.Stump(), LegacyModelBuilder.Stump()],
            WeightDrop = [0.5f, 2f],
        });
        var output = new float[1];

        predictor.Predict([3f, 0f], 1, output);

        Assert.Equal((0.42857143f * 0.5f) + (0.42857143f * 2f), output[0]);
    }

    [Fact]
    public void Predict_GBLinear_BiasPlusPresentFeatures()
    {
        var predictor = Load(new LegacyModelBuilder
        {
            Booster = "gblinear",
            Objective = "reg:squarederror",
            BaseScore = 0.5f,
            WeightDrop = [2f, 3f, 0.25f], // weights: w0, w1, bias
        });
        var output = new float[2];

        predictor.Predict([1f, float.NaN, 1f, 2f], 2, output);

        Assert.Equal([0.25f + 0.5f + 2f, 0.25f + 0.5f + 2f + 6f], output);
    }

    [Theory]
    [MemberData(nameof(CorruptModels))]
    public void Load_CorruptModel_ExplainsProblem(string name, byte[] model, string expected)
    {
        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(model, "xgboost-model"));

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.StartsWith("xgboost-model: ", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, byte[], string> CorruptModels() => new()
    {
        { "huge num_trees", new LegacyModelBuilder { NumTreesOverride = int.MaxValue }.Build(), "num_trees claims 2147483647 entries" },
        { "negative num_trees", new LegacyModelBuilder { NumTreesOverride = -1 }.Build(), "num_trees claims -1 entries" },
        { "child out of range", Tree(new Node(1, 7, 0, 0f)), "children (1, 7) are out of range" },
        { "right is not left + 1", Tree(new Node(2, 1, 0, 0f)), "not adjacent" },
        { "root as child", Tree(new Node(0, 1, 0, 0f)), "out of range" },
        { "shared subtree", Tree(new Node(1, 2, 0, 0f), new Node(-1, -1, 0, 0f), new Node(1, 2, 0, 0f)), "reached twice" },
        { "feature beyond num_feature", Tree(new Node(1, 2, 5, 0f)), "splits on feature 5, but num_feature is 2" },
        { "unknown objective", new LegacyModelBuilder { Objective = "rank:foo" }.Build(), "unsupported objective 'rank:foo'" },
        { "unknown booster", new LegacyModelBuilder { Booster = "gbforest" }.Build(), "unsupported booster 'gbforest'" },
        { "vector leaf", new LegacyModelBuilder { SizeLeafVector = 2 }.Build(), "vector-leaf trees" },
        { "tree_info beyond groups", new LegacyModelBuilder { TreeInfo = [3] }.Build(), "output group 3, but the model has 1" },
        { "logistic base_score 1.5", new LegacyModelBuilder { BaseScore = 1.5f }.Build(), "base_score 1.5 must be strictly between 0 and 1" },
        { "gblinear weights", new LegacyModelBuilder { Booster = "gblinear", WeightDrop = [1f] }.Build(), "gblinear has 1 weights; expected" },
        { "base64", "bs64AAAA"u8.ToArray(), "base64" },
        { "empty", [], "empty" },
        { "text", "hello world, definitely not a model"u8.ToArray(), "not a recognised XGBoost model" },
    };

    [Fact]
    public void Load_EveryTruncation_FailsCleanly()
    {
        // The attributes after the body carry best_ntree_limit, so they are read (as 1.7 reads them) and a
        // cut anywhere must throw ModelLoadException; the loop keeps the "never a wrong number" check anyway.
        var fixture = FixtureCase.All.Single(c => c.Name == "binary_logistic");
        byte[] full = fixture.ReadModel("model.bin");
        var input = fixture.Input;
        var reference = new float[input.Rows];
        XGBoostModelLoader.Load(full, "m").Predict(input.Values, input.Rows, reference);
        int loaded = 0;
        for (int length = 0; length < full.Length; length++)
        {
            IPredictor predictor;
            try
            {
                predictor = XGBoostModelLoader.Load(full.AsSpan(0, length), "m");
            }
            catch (ModelLoadException)
            {
                continue;
            }

            loaded++;
            var output = new float[input.Rows];
            predictor.Predict(input.Values, input.Rows, output);
            Assert.Equal(reference, output);
        }

        Assert.Equal(0, loaded);
    }

    private static byte[] Tree(params Node[] root) =>
        new LegacyModelBuilder
        {
            Trees = [[.. root, .. Enumerable.Repeat(new Node(-1, -1, 0, 1f), 3 - Math.Min(root.Length, 3) + 2)]],
        }.Build();

    private static IPredictor Load(LegacyModelBuilder builder) => XGBoostModelLoader.Load(builder.Build(), "test");
}
