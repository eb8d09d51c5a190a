namespace Turnout.Models.XGBoost.Compiled;

/// <summary>Tree predictors expose raw margins and the base margin, so tests can compare them with libxgboost's.</summary>
internal interface IMarginPredictor : IPredictor
{
    float BaseMargin { get; }

    /// <summary>Writes raw margins (before the objective's transform), <c>rowCount * groups</c> values.</summary>
    void PredictMargins(ReadOnlySpan<float> features, int rowCount, Span<float> margins);
}
