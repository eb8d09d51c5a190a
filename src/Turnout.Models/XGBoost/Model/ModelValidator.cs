namespace Turnout.Models.XGBoost.Model;

/// <summary>
/// Structural checks run on every model before compilation, so the predictor can traverse without
/// bounds or cycle checks: reachable children in range, <c>cright == cleft + 1</c> (1.7 ignores cright),
/// no node reached twice, split features below num_feature, sizes consistent.
/// </summary>
internal static class ModelValidator
{
    /// <summary>Output groups above this are certainly corruption, not a real model.</summary>
    public const int MaxGroups = 1 << 16;

    public static void Validate(XGBoostModel model)
    {
        if (model.NumFeature <= 0)
        {
            throw new ModelFormatException($"num_feature is {model.NumFeature}; a model needs at least one feature");
        }

        if (model.NumClass < 0 || model.NumTarget < 0 || model.GroupCount > MaxGroups)
        {
            throw new ModelFormatException(
                $"implausible output shape: num_class {model.NumClass}, num_target {model.NumTarget}");
        }

        if (model.Booster == BoosterKind.GBLinear)
        {
            long expected = (model.NumFeature + 1L) * model.GroupCount;
            if (model.LinearWeights is null || model.LinearWeights.Length != expected)
            {
                throw new ModelFormatException(
                    $"gblinear has {model.LinearWeights?.Length ?? 0} weights; expected (num_feature + 1) x groups = {expected}");
            }

            return;
        }

        if (model.TreeInfo.Length != model.Trees.Length)
        {
            throw new ModelFormatException(
                $"tree_info has {model.TreeInfo.Length} entries for {model.Trees.Length} trees");
        }

        if (model.Booster == BoosterKind.Dart && model.Trees.Length > 0 && model.WeightDrop?.Length != model.Trees.Length)
        {
            throw new ModelFormatException(
                $"dart weight_drop has {model.WeightDrop?.Length ?? 0} entries for {model.Trees.Length} trees");
        }

        for (int t = 0; t < model.Trees.Length; t++)
        {
            if ((uint)model.TreeInfo[t] >= (uint)model.GroupCount)
            {
                throw new ModelFormatException(
                    $"tree {t} belongs to output group {model.TreeInfo[t]}, but the model has {model.GroupCount}");
            }

            ValidateTree(model.Trees[t], t, model.NumFeature);
        }
    }

    private static void ValidateTree(TreeModel tree, int treeIndex, int numFeature)
    {
        int n = tree.NodeCount;
        if (n == 0 || tree.RightChildren.Length != n || tree.SplitFeatures.Length != n || tree.Values.Length != n
            || tree.DefaultLeft.Length != n || (tree.Categories is not null && tree.Categories.Length != n))
        {
            throw new ModelFormatException($"tree {treeIndex}: node arrays are empty or of different lengths");
        }

        // Each node may be entered once; deleted (pruned) slots are simply never reached.
        var seen = new bool[n];
        var pending = new Stack<int>();
        pending.Push(0);
        seen[0] = true;
        while (pending.Count > 0)
        {
            int node = pending.Pop();
            int left = tree.LeftChildren[node];
            if (left == -1)
            {
                continue;
            }

            int right = tree.RightChildren[node];
            if (left <= 0 || left >= n || right != left + 1 || right >= n)
            {
                throw new ModelFormatException(
                    $"tree {treeIndex} node {node}: children ({left}, {right}) are out of range or not adjacent (the tree has {n} nodes)");
            }

            if ((uint)tree.SplitFeatures[node] >= (uint)numFeature)
            {
                throw new ModelFormatException(
                    $"tree {treeIndex} node {node} splits on feature {tree.SplitFeatures[node]}, but num_feature is {numFeature}");
            }

            if (seen[left] || seen[right])
            {
                throw new ModelFormatException(
                    $"tree {treeIndex} node {node}: a child is reached twice (cycle or shared subtree)");
            }

            seen[left] = seen[right] = true;
            pending.Push(left);
            pending.Push(right);
        }
    }
}
