namespace Turnout.EndToEnd.Rollout;

/// <summary>
/// A stretch of wall-clock time and the variants that may answer in it. A steady segment (shares known)
/// lies between two polls that reported the same state; a transition segment lies between polls that
/// reported different states and allows either state's variants, with no share expectation.
/// </summary>
internal sealed record TimelineSegment(double From, double To, string Label, IReadOnlySet<string> Allowed, IReadOnlyDictionary<string, double>? Shares)
{
    public bool Steady => Shares is not null;

    public double Duration => To - From;
}
