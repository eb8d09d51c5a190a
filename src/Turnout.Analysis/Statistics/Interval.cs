namespace Turnout.Analysis.Statistics;

/// <summary>A closed confidence interval.</summary>
public readonly record struct Interval(double Lower, double Upper)
{
    /// <summary>True when the interval lies entirely above or entirely below zero.</summary>
    public bool ExcludesZero => Lower > 0 || Upper < 0;
}
