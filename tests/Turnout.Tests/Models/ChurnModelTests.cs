using Turnout.Models;
using Turnout.Models.Artifacts;
using Xunit.Abstractions;

namespace Turnout.Tests.Models;

/// <summary>The two real SageMaker XGBoost 0.90 artifacts from the AWS A/B example: pickled Booster
/// (protocol 3) holding a headerless legacy binary model, 69 features, binary:logistic, 100 trees.</summary>
public sealed class ChurnModelTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("turnout-churn-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task LoadXGBoostAsync_SageMaker090Artifact_MatchesLibXGBoost(int variant)
    {
        var loader = new ModelArtifactLoader(new ArtifactOptions { WorkDirectory = _work });
        var predictor = await loader.LoadXGBoostAsync(RepoPaths.ChurnModel(variant), CancellationToken.None);

        Assert.Equal(69, predictor.FeatureCount);
        Assert.Equal(1, predictor.OutputCount);
        Assert.Equal("binary:logistic", predictor.Objective);

        var input = FixtureCsv.Read(RepoPaths.ChurnTestData, skipColumns: 1);
        var expected = FixtureCsv.Read(Path.Combine(RepoPaths.XGBoostFixtures, "churn-ab", $"expected-model{variant}.csv"));
        var actual = new float[input.Rows];
        predictor.Predict(input.Values, input.Rows, actual);

        var comparison = PredictionComparison.Compare(expected.Values, actual);
        output.WriteLine($"churn model {variant}: {comparison}");
        Assert.Equal(334, input.Rows);
        Assert.True(comparison.MaxAbsError <= 1e-6, comparison.ToString());
        Assert.Equal(0, comparison.Mismatches);
    }

    [Fact]
    public async Task Predict_SingleRowsOneAtATime_MatchBatch()
    {
        var loader = new ModelArtifactLoader(new ArtifactOptions { WorkDirectory = _work });
        IPredictor predictor = await loader.LoadXGBoostAsync(RepoPaths.ChurnModel(1), CancellationToken.None);
        var input = FixtureCsv.Read(RepoPaths.ChurnTestData, skipColumns: 1);
        var batch = new float[input.Rows];
        predictor.Predict(input.Values, input.Rows, batch);

        var one = new float[1];
        for (int r = 0; r < input.Rows; r++)
        {
            predictor.Predict(input.Values.AsSpan(r * 69, 69), 1, one);
            Assert.Equal(batch[r], one[0]);
        }
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
