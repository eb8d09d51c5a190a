namespace Turnout.Analysis;

/// <summary>What kind of model the variants serve; decides which quality metrics apply.</summary>
public enum ProblemKind
{
    /// <summary>Labels 0/1, predictions are the probability of class 1.</summary>
    Binary = 0,

    /// <summary>Real-valued labels and predictions.</summary>
    Regression = 1,

    /// <summary>Integer class labels; predictions are a class id or one probability per class.</summary>
    Multiclass = 2,
}
