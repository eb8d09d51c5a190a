namespace Turnout.Analysis;

/// <summary>
/// One scored request with its ground truth: what data capture plus ground-truth joining (or an offline replay)
/// hands to the analysis. <see cref="Prediction"/> holds one value (a probability of class 1, a regression
/// estimate or a predicted class id) or a vector of class probabilities for multi-class models.
/// </summary>
public readonly record struct Observation(ReadOnlyMemory<double> Prediction, double Label, DateTimeOffset Timestamp)
{
    /// <summary>An observation with a single predicted value.</summary>
    public static Observation Scalar(double prediction, double label, DateTimeOffset timestamp) =>
        new(new[] { prediction }, label, timestamp);

    /// <summary>The first (for binary and regression models, the only) predicted value.</summary>
    public double Score => Prediction.Span[0];
}
