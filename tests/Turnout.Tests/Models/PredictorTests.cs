using System.Text;
using Turnout.Models;
using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Compiled;

namespace Turnout.Tests.Models;

public sealed class PredictorTests
{
    [Theory]
    [InlineData("binary_logistic", "model.ubj")]
    [InlineData("multi_softprob", "model.json")]
    [InlineData("multi_softmax", "model.bin")]
    [InlineData("dart_binary_logistic", "model.json")]
    [InlineData("gblinear_softprob", "model.json")]
    [InlineData("categorical_partition", "model.ubj")]
    public void Predict_SteadyState_AllocatesNothing(string caseName, string file)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == caseName);
        var predictor = XGBoostModelLoader.Load(fixture.ReadModel(file), file);
        var input = fixture.Input;
        var output = new float[input.Rows * predictor.OutputCount];
        // Past tiered compilation's call counting, whose transitions may allocate on the calling thread.
        for (int i = 0; i < 200; i++)
        {
            predictor.Predict(input.Values, input.Rows, output);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++)
        {
            predictor.Predict(input.Values, input.Rows, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Predict_ManyClasses_AllocatesNothingAfterWarmUp()
    {
        // 100 classes exceed the stackalloc scratch; the pooled buffer must not allocate per call.
        var trees = string.Join(',', Enumerable.Range(0, 100).Select(i => JsonModelBuilder.Stump(id: i, left: i * 0.01f, right: -i * 0.01f)));
        string json = JsonModelBuilder.Model(trees, objective: "multi:softprob", numClass: 100, treeInfo: "[" + string.Join(',', Enumerable.Range(0, 100)) + "]");
        var predictor = XGBoostModelLoader.Load(Encoding.UTF8.GetBytes(json), "model.json");
        var output = new float[100];
        float[] row = [1f, 2f];
        predictor.Predict(row, 1, output);
        predictor.Predict(row, 1, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++)
        {
            predictor.Predict(row, 1, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1.0, output.Sum(x => (double)x), 5);
        Assert.True(output[99] > output[0]);
    }

    [Fact]
    public async Task Predict_ConcurrentCallers_AgreeWithSequential()
    {
        var fixture = FixtureCase.All.Single(c => c.Name == "multi_softprob");
        var predictor = XGBoostModelLoader.Load(fixture.ReadModel("model.ubj"), "model.ubj");
        var input = fixture.Input;
        var expected = new float[input.Rows * 3];
        predictor.Predict(input.Values, input.Rows, expected);

        var tasks = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var output = new float[input.Rows * 3];
            for (int i = 0; i < 200; i++)
            {
                predictor.Predict(input.Values, input.Rows, output);
                Assert.Equal(expected, output);
            }
        }));

        await Task.WhenAll(tasks);
    }

    [Fact]
    public void Predict_ZeroRows_WritesNothing()
    {
        var predictor = XGBoostModelLoader.Load(new LegacyModelBuilder().Build(), "m");

        predictor.Predict([], 0, []);
    }

    [Theory]
    [InlineData(3, 2, 3)]
    [InlineData(2, 4, 1)]
    [InlineData(-1, 4, 4)]
    public void Predict_SpanTooShortOrNegativeRows_Throws(int rows, int featureValues, int outputValues)
    {
        var predictor = XGBoostModelLoader.Load(new LegacyModelBuilder().Build(), "m");

        Assert.ThrowsAny<ArgumentException>(() => predictor.Predict(new float[featureValues], rows, new float[outputValues]));
    }

    [Fact]
    public void Sigmoid_VeryNegativeMargin_ClampsToSubnormal()
    {
        // Spec 4.3: margins <= -88.7 all give 3.0066358e-39, not 0.
        Assert.Equal(3.0066358e-39f, XGBoostMath.Sigmoid(-100f));
        Assert.Equal(3.0066358e-39f, XGBoostMath.Sigmoid(-88.7f));
        Assert.Equal(0.5f, XGBoostMath.Sigmoid(0f));
        Assert.Equal(1f, XGBoostMath.Sigmoid(100f));
    }

    [Fact]
    public void TransformScalar_Hinge_PositiveOnlyIsOne()
    {
        Assert.Equal(0f, XGBoostMath.TransformScalar(OutputTransform.Hinge, 0f));
        Assert.Equal(0f, XGBoostMath.TransformScalar(OutputTransform.Hinge, -0f));
        Assert.Equal(1f, XGBoostMath.TransformScalar(OutputTransform.Hinge, 1e-30f));
        Assert.Equal(0f, XGBoostMath.TransformScalar(OutputTransform.Hinge, -1f));
    }

    [Fact]
    public void ArgMax_Ties_LowestIndex()
    {
        Assert.Equal(1, XGBoostMath.ArgMax([0f, 2f, 2f, 1f]));
    }

    [Fact]
    public void Softmax_NaNFirst_IgnoredForMaxLikeFmaxf()
    {
        Span<float> values = [1f, 2f];

        XGBoostMath.Softmax(values);

        Assert.Equal(1.0, (double)values[0] + values[1], 6);
        Assert.True(values[1] > values[0]);
    }

    [Fact]
    public void Load_ObjectiveAliasesAndProperties_Reported()
    {
        var predictor = XGBoostModelLoader.Load(new LegacyModelBuilder { Objective = "reg:linear", MajorVersion = 0 }.Build(), "m");

        Assert.Equal("reg:linear", predictor.Objective);
        Assert.Equal(2, predictor.FeatureCount);
        Assert.Equal(1, predictor.OutputCount);
    }
}
