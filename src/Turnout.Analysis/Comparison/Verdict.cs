namespace Turnout.Analysis.Comparison;

/// <summary>What to do about a variant.</summary>
public enum Verdict
{
    /// <summary>The interval includes 0 (or the sequential test has not decided): collect more data.</summary>
    KeepCollecting = 0,

    /// <summary>The variant is better than the baseline on the primary metric.</summary>
    Ship = 1,

    /// <summary>The variant is worse than the baseline on the primary metric.</summary>
    KeepBaseline = 2,

    /// <summary>The data already rule out a difference as large as the minimum effect: either is fine.</summary>
    NoMeaningfulDifference = 3,

    /// <summary>This is the baseline itself.</summary>
    Baseline = 4,
}
