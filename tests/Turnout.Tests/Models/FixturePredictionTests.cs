using Turnout.Models.XGBoost;
using Turnout.Models.XGBoost.Compiled;
using Xunit.Abstractions;

namespace Turnout.Tests.Models;

/// <summary>Every generated fixture, in every encoding, must predict what libxgboost 1.7.4 predicted.</summary>
public sealed class FixturePredictionTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Models()
    {
        var data = new TheoryData<string, string>();
        foreach (var c in FixtureCase.All)
        {
            foreach (string file in c.Files)
            {
                data.Add(c.Name, file);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Predict_FixtureModel_MatchesLibXGBoost(string caseName, string file)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == caseName);
        var predictor = XGBoostModelLoader.Load(fixture.ReadModel(file), file);

        Assert.Equal(fixture.NumFeature, predictor.FeatureCount);
        Assert.Equal(fixture.OutputCount, predictor.OutputCount);
        var input = fixture.Input;
        var expected = fixture.Expected;
        Assert.Equal(fixture.NumFeature, input.Columns);
        Assert.Equal(fixture.OutputCount, expected.Columns);

        var actual = new float[input.Rows * predictor.OutputCount];
        predictor.Predict(input.Values, input.Rows, actual);

        var comparison = PredictionComparison.Compare(expected.Values, actual);
        output.WriteLine($"{caseName}/{file}: {comparison}");
        Assert.True(comparison.WithinTolerance, comparison.ToString());
        Assert.Equal(0, comparison.Mismatches);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictMargins_FixtureTreeModel_MatchesLibXGBoostMargins(string caseName, string file)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == caseName);
        if (XGBoostModelLoader.Load(fixture.ReadModel(file), file) is not IMarginPredictor predictor)
        {
            return; // gblinear: covered by the output comparison
        }

        var input = fixture.Input;
        var expected = fixture.ExpectedMargin;
        var actual = new float[expected.Values.Length];
        predictor.PredictMargins(input.Values, input.Rows, actual);

        var comparison = PredictionComparison.Compare(expected.Values, actual);
        Assert.True(comparison.Mismatches == 0, $"{caseName}/{file} margins: {comparison}");
    }
}
