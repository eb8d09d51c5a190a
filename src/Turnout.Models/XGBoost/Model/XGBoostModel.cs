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

    /// <summary>Trees per output group per round (random forests); pre-1.6 legacy files read as 1, as 1.7 does.</summary>
    public int NumParallelTree { get; set; } = 1;

    /// <summary>
    /// <c>best_ntree_limit</c> from the pickle's state or the model's attributes (0: none). SageMaker's serving code
    /// predicts with <c>ntree_limit=best_ntree_limit</c>, so an early-stopped model serves only its best rounds.
    /// </summary>
    public int BestNTreeLimit { get; set; }

    /// <summary>Feature names recorded in the model or pickle (1.4+ JSON/UBJSON, 0.90–1.3 pickles); not used for prediction.</summary>
    public string[]? FeatureNames { get; set; }

    /// <summary>Feature types (<c>float</c>, <c>int</c>, <c>i</c>, <c>q</c>, <c>c</c>); categorical splits carry their own split type.</summary>
    public string[]? FeatureTypes { get; set; }

    public int GroupCount => Math.Max(Math.Max(NumClass, NumTarget), 1);
}
