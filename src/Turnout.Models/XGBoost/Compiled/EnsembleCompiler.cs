using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Compiled;

/// <summary>Turns a validated <see cref="XGBoostModel"/> into a predictor, once, at load.</summary>
internal static class EnsembleCompiler
{
    public static IPredictor Compile(XGBoostModel model)
    {
        ModelValidator.Validate(model);
        model = ServingTrees(model);
        var spec = ObjectiveTable.Resolve(model.Objective);
        float baseMargin = BaseMargin(model, spec);
        if (model.Booster == BoosterKind.GBLinear)
        {
            return new LinearPredictor(model.LinearWeights!, baseMargin, model.GroupCount, spec.Transform, model.NumFeature, model.Objective);
        }

        return FlatLayout.TryBuild(model, baseMargin, spec.Transform) is { } flat
            ? flat
            : new TreeEnsemblePredictor(Layout(model), baseMargin, model.GroupCount, spec.Transform, model.NumFeature, model.Objective);
    }

    /// <summary>The general traversal (categorical splits too), kept as the reference the flat layout is checked and benchmarked against.</summary>
    internal static TreeEnsemblePredictor CompileGeneric(XGBoostModel model)
    {
        ModelValidator.Validate(model);
        model = ServingTrees(model);
        var spec = ObjectiveTable.Resolve(model.Objective);
        return new TreeEnsemblePredictor(Layout(model), BaseMargin(model, spec), model.GroupCount, spec.Transform, model.NumFeature, model.Objective);
    }

    /// <summary>
    /// The trees SageMaker's serving code uses: it calls <c>predict(ntree_limit=best_ntree_limit)</c>, which 1.7
    /// turns into <c>iteration_range=(0, limit // num_parallel_tree)</c>, i.e. the first
    /// <c>limit // P * groups * P</c> trees. 0, or a limit covering every tree, means all of them (1.7 would
    /// fail on a limit past the end; no writer produces one). gblinear has no trees to limit.
    /// </summary>
    internal static XGBoostModel ServingTrees(XGBoostModel model)
    {
        if (model.BestNTreeLimit <= 0 || model.Booster == BoosterKind.GBLinear)
        {
            return model;
        }

        int parallel = Math.Max(1, model.NumParallelTree);
        long end = (long)(model.BestNTreeLimit / parallel) * model.GroupCount * parallel;
        if (end == 0 || end >= model.Trees.Length)
        {
            return model;
        }

        int n = (int)end;
        return new XGBoostModel
        {
            Objective = model.Objective,
            NumFeature = model.NumFeature,
            NumClass = model.NumClass,
            NumTarget = model.NumTarget,
            BaseScore = model.BaseScore,
            BaseScoreIsMargin = model.BaseScoreIsMargin,
            Booster = model.Booster,
            Trees = model.Trees[..n],
            TreeInfo = model.TreeInfo[..n],
            WeightDrop = model.WeightDrop?[..n],
            NumParallelTree = model.NumParallelTree,
            FeatureNames = model.FeatureNames,
            FeatureTypes = model.FeatureTypes,
        };
    }

    /// <summary>
    /// ProbToMargin(base_score). 0.90 files store a margin; 1.7 first maps it back through the objective's
    /// transform (except for multi:*), and that float round trip can move it by an ulp, so we repeat it.
    /// </summary>
    internal static float BaseMargin(XGBoostModel model, ObjectiveSpec spec)
    {
        float score = model.BaseScore;
        if (model.BaseScoreIsMargin && !model.Objective.StartsWith("multi:", StringComparison.Ordinal))
        {
            score = XGBoostMath.TransformScalar(spec.Transform, score);
        }

        return XGBoostMath.ProbToMargin(spec.Link, score, model.Objective);
    }

    private static CompiledTrees Layout(XGBoostModel model)
    {
        long total = 0;
        int categoryTotal = 0;
        foreach (var tree in model.Trees)
        {
            total += tree.NodeCount;
            if (tree.Categories is not null)
            {
                foreach (var set in tree.Categories)
                {
                    categoryTotal += set?.Length ?? 0;
                }
            }
        }

        if (total > int.MaxValue)
        {
            throw new ModelFormatException($"the model has {total} nodes, more than this server supports");
        }

        int n = (int)total;
        var feature = new int[n];
        var value = new float[n];
        var left = new int[n];
        var flags = new byte[n];
        var categoryStart = new int[n];
        var categoryCount = new int[n];
        var categories = new int[categoryTotal];
        var roots = new int[model.Trees.Length];
        int offset = 0;
        int categoryOffset = 0;
        for (int t = 0; t < model.Trees.Length; t++)
        {
            var tree = model.Trees[t];
            roots[t] = offset;
            var reachable = Reachable(tree);
            for (int i = 0; i < tree.NodeCount; i++)
            {
                int k = offset + i;
                if (!reachable[i] || tree.LeftChildren[i] == -1)
                {
                    // Unreachable (deleted) slots become zero leaves; they are never visited.
                    feature[k] = -1;
                    value[k] = reachable[i] ? tree.Values[i] : 0.0f;
                    continue;
                }

                feature[k] = tree.SplitFeatures[i];
                value[k] = tree.Values[i];
                left[k] = offset + tree.LeftChildren[i];
                flags[k] = tree.DefaultLeft[i] ? TreeEnsemblePredictor.DefaultLeftFlag : (byte)0;
                if (tree.Categories?[i] is { } set)
                {
                    flags[k] |= TreeEnsemblePredictor.CategoricalFlag;
                    categoryStart[k] = categoryOffset;
                    categoryCount[k] = set.Length;
                    set.CopyTo(categories, categoryOffset);
                    categoryOffset += set.Length;
                }
            }

            offset += tree.NodeCount;
        }

        return new CompiledTrees
        {
            Feature = feature,
            Value = value,
            Left = left,
            Flags = flags,
            CategoryStart = categoryStart,
            CategoryCount = categoryCount,
            Categories = categories,
            Roots = roots,
            TreeGroup = (int[])model.TreeInfo.Clone(),
            TreeWeight = model.Booster == BoosterKind.Dart ? model.WeightDrop : null,
        };
    }

    private static bool[] Reachable(TreeModel tree)
    {
        var seen = new bool[tree.NodeCount];
        var pending = new Stack<int>();
        pending.Push(0);
        while (pending.Count > 0)
        {
            int node = pending.Pop();
            seen[node] = true;
            int l = tree.LeftChildren[node];
            if (l != -1)
            {
                pending.Push(l);
                pending.Push(l + 1);
            }
        }

        return seen;
    }
}
