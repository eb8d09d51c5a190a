using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>Builds a <see cref="FlatTreePredictor"/> from a validated model, or null when the model needs the general traversal.</summary>
internal static class FlatLayout
{
    public static FlatTreePredictor? TryBuild(XGBoostModel model, float baseMargin, OutputTransform transform)
    {
        long total = 0;
        foreach (var tree in model.Trees)
        {
            if (tree.Categories is not null)
            {
                return null; // categorical splits: TreeEnsemblePredictor
            }

            total += tree.NodeCount;
        }

        if (total > int.MaxValue / 2)
        {
            return null;
        }

        var nodes = new FlatNode[total];
        var roots = new int[model.Trees.Length];
        var depth = new int[model.Trees.Length];
        var pending = new Stack<(int Node, int Depth)>();
        int offset = 0;
        for (int t = 0; t < model.Trees.Length; t++)
        {
            var tree = model.Trees[t];
            roots[t] = offset;

            // Unreachable (deleted) slots stay self-looping zero leaves; they are never visited.
            for (int i = 0; i < tree.NodeCount; i++)
            {
                nodes[offset + i] = new FlatNode { Threshold = float.NaN, Left = offset + i };
            }

            pending.Push((0, 0));
            while (pending.Count > 0)
            {
                var (i, d) = pending.Pop();
                int k = offset + i;
                int left = tree.LeftChildren[i];
                if (left == -1)
                {
                    nodes[k].Leaf = tree.Values[i];
                    depth[t] = Math.Max(depth[t], d);
                    continue;
                }

                float threshold = tree.Values[i];
                if (float.IsNaN(threshold))
                {
                    // x >= NaN is false for every x, but 1.7's x < NaN is false too (goes right): keep the exact general path.
                    return null;
                }

                nodes[k] = new FlatNode
                {
                    Threshold = threshold,
                    FeatureBits = tree.SplitFeatures[i] | (tree.DefaultLeft[i] ? 0 : unchecked((int)0x80000000)),
                    Left = offset + left,
                };
                pending.Push((left, d + 1));
                pending.Push((left + 1, d + 1));
            }

            offset += tree.NodeCount;
        }

        return new FlatTreePredictor(
            nodes, roots, depth, (int[])model.TreeInfo.Clone(), model.Booster == BoosterKind.Dart ? model.WeightDrop : null,
            baseMargin, model.GroupCount, transform, model.NumFeature, model.Objective);
    }
}
