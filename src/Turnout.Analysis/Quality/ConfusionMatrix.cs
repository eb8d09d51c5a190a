namespace Turnout.Analysis.Quality;

/// <summary>Counts of a binary classifier at one threshold (positive means label 1).</summary>
public readonly record struct ConfusionMatrix(long TruePositives, long FalsePositives, long TrueNegatives, long FalseNegatives)
{
    public long Total => TruePositives + FalsePositives + TrueNegatives + FalseNegatives;

    public long PredictedPositives => TruePositives + FalsePositives;

    public long ActualPositives => TruePositives + FalseNegatives;

    public long ActualNegatives => TrueNegatives + FalsePositives;

    public long Correct => TruePositives + TrueNegatives;
}
