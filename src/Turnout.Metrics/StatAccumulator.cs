namespace Turnout.Metrics;

/// <summary>SampleCount/Sum/Min/Max of a set of samples; merges minutes into a period.</summary>
internal readonly record struct StatAccumulator(double Count, double Sum, double Min, double Max)
{
    public bool IsEmpty => Count <= 0;

    public StatAccumulator Merge(StatAccumulator other)
    {
        if (other.IsEmpty)
        {
            return this;
        }

        if (IsEmpty)
        {
            return other;
        }

        return new StatAccumulator(Count + other.Count, Sum + other.Sum, Math.Min(Min, other.Min), Math.Max(Max, other.Max));
    }
}
