namespace Turnout.Models.XGBoost.Model;

/// <summary>One regression tree as read from any format, before validation and compilation.
/// Arrays are indexed by node id; node 0 is the root.</summary>
internal sealed class TreeModel
{
    /// <summary>Left child id, or -1 for a leaf (deleted nodes are leaves too).</summary>
    public required int[] LeftChildren { get; init; }

    public required int[] RightChildren { get; init; }

    /// <summary>Split feature; meaningless on leaves and deleted nodes.</summary>
    public required int[] SplitFeatures { get; init; }

    /// <summary>Split threshold on internal nodes, leaf value (eta applied) on leaves.</summary>
    public required float[] Values { get; init; }

    public required bool[] DefaultLeft { get; init; }

    /// <summary>Per node: the categories that go RIGHT, sorted ascending; null for numerical splits.
    /// Null array when the tree has no categorical split.</summary>
    public int[]?[]? Categories { get; init; }

    public int NodeCount => LeftChildren.Length;
}
