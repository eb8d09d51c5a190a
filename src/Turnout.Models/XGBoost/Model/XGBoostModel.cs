namespace Turnout.Models.XGBoost.Model;

/// <summary>The normalised in-memory form every reader produces: what prediction needs, nothing more.</summary>
internal sealed class XGBoostModel
{
    public required string Objective { get; init; }

    public required int NumFeature { get; init; }

    public required int NumClass { get; init; }

    /// <summary>0 is read as 1, as 1.7 does.</summary>
    public int NumTarget { get; init; } = 1;

    /// <summary>base_score as stored: in output space, except in 0.90 files (see <see cref="BaseScoreIsMargin"/>).</summary>
    public required float BaseScore { get; init; }

    /// <summary>True for legacy files with major_version 0 (XGBoost 0.90), which store base_score as a margin.</summary>
    public bool BaseScoreIsMargin { get; init; }

    public required BoosterKind Booster { get; init; }

    public TreeModel[] Trees { get; init; } = [];

    /// <summary>Output group of each tree.</summary>
    public int[] TreeInfo { get; init; } = [];

    /// <summary>Dart only: per-tree weight.</summary>
    public float[]? WeightDrop { get; init; }

    /// <summary>gblinear only: <c>(NumFeature + 1) * GroupCount</c> weights, <c>w[f * groups + g]</c>, bias last.</summary>
    public float[]? LinearWeights { get; init; }

    public int GroupCount => Math.Max(Math.Max(NumClass, NumTarget), 1);
}
