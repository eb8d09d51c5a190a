namespace Turnout.Models.XGBoost.Compiled;

/// <summary>How an objective maps base_score (output space) to a margin: its ProbToMargin.</summary>
internal enum MarginLink
{
    Identity,

    /// <summary><c>-logf(1/p - 1)</c>; p must be in (0, 1).</summary>
    Logit,

    /// <summary><c>logf(p)</c>.</summary>
    Log,
}
