namespace Turnout.Models;

/// <summary>
/// A model compiled for prediction. Instances are immutable and safe to share between threads;
/// <see cref="Predict"/> must not allocate in steady state.
/// </summary>
public interface IPredictor
{
    /// <summary>Number of input features per row (XGBoost's num_feature).</summary>
    int FeatureCount { get; }

    /// <summary>Number of output values per row: 1 for binary/regression objectives, num_class for multi:softprob.</summary>
    int OutputCount { get; }

    /// <summary>Objective name as recorded in the model, e.g. <c>binary:logistic</c>.</summary>
    string Objective { get; }

    /// <summary>
    /// Predicts <paramref name="rowCount"/> rows. <paramref name="features"/> is row-major,
    /// <c>rowCount * FeatureCount</c> float32 values with NaN meaning missing.
    /// <paramref name="output"/> receives <c>rowCount * OutputCount</c> values, row-major.
    /// </summary>
    void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output);
}
