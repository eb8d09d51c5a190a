namespace Turnout.Runtime.Codecs;

/// <summary>How the SageMaker XGBoost container of a given image version writes text/csv predictions.</summary>
public enum OutputStyle
{
    /// <summary>0.90-1 … 1.2-1: every prediction joined by commas, no trailing newline (<c>0.1,0.9</c>).</summary>
    CommaJoined = 0,

    /// <summary>1.2-2 and later: one line per row, each ending in a newline (<c>0.1\n0.9\n</c>).</summary>
    LinePerRow = 1,
}
