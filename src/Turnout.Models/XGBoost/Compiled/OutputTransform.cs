namespace Turnout.Models.XGBoost.Compiled;

/// <summary>An objective's PredTransform: margin to output.</summary>
internal enum OutputTransform
{
    Identity,
    Sigmoid,
    Hinge,
    Exp,
    Softmax,

    /// <summary>multi:softmax: the index of the largest margin, one output per row.</summary>
    ArgMax,
}
