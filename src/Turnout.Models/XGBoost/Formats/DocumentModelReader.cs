using System.Globalization;
using Turnout.Models.XGBoost.Formats.Document;
using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Formats;

/// <summary>
/// JSON and UBJSON models (spec section 2) and the <c>{"Config", "Model"}</c> pickle snapshots of 1.3+.
/// Handles 1.0–1.2 spellings (boolean default_left, no split_type), 2.x additions and 3.x's bracketed base_score.
/// </summary>
internal static class DocumentModelReader
{
    public static XGBoostModel Read(ReadOnlySpan<byte> data)
    {
        var root = IsJsonText(data) ? JsonTextParser.Parse(data) : UbjsonParser.Parse(data);
        if (root.Kind != DocKind.Object)
        {
            throw new ModelFormatException("the model document is not an object");
        }

        // A pickle snapshot wraps the model; its Config holds training parameters only.
        var model = root.TryGet("Model") ?? root;
        var learner = model.Get("learner", "the model document (expected {\"learner\": …, \"version\": …})");
        var param = learner.Get("learner_model_param", "learner");
        string objective = learner.Get("objective", "learner").Get("name", "learner.objective").AsString("objective name");
        int numFeature = param.Get("num_feature", "learner_model_param").AsInt32("num_feature");
        int numClass = param.Get("num_class", "learner_model_param").AsInt32("num_class", min: 0);
        int numTarget = param.TryGet("num_target")?.AsInt32("num_target", min: 0) ?? 1;
        float baseScore = ParseBaseScore(param.Get("base_score", "learner_model_param"));

        var booster = learner.Get("gradient_booster", "learner");
        string name = booster.Get("name", "gradient_booster").AsString("booster name");
        var result = ReadBooster(booster, name, objective, numFeature, numClass, numTarget, baseScore);
        result.BestNTreeLimit = learner.TryGet("attributes")?.TryGet("best_ntree_limit")?.Text is { } limit ? LegacyBinaryReader.ParseLimit(limit) : 0;
        result.FeatureNames = Strings(learner.TryGet("feature_names"));
        result.FeatureTypes = Strings(learner.TryGet("feature_types"));
        return result;
    }

    private static string[]? Strings(DocValue? value) =>
        value?.Kind == DocKind.Array && value.Items!.Count > 0 ? value.Items.Select(v => v.Text ?? string.Empty).ToArray() : null;

    private static XGBoostModel ReadBooster(DocValue booster, string name, string objective, int numFeature, int numClass, int numTarget, float baseScore)
    {
        var common = new XGBoostModel
        {
            Objective = objective,
            NumFeature = numFeature,
            NumClass = numClass,
            NumTarget = Math.Max(numTarget, 1),
            BaseScore = baseScore,
            Booster = BoosterKind.GBTree,
        };

        switch (name)
        {
            case "gbtree":
                return WithTrees(common, BoosterKind.GBTree, booster.Get("model", "gbtree"), null);
            case "dart":
                var inner = booster.Get("gbtree", "dart").Get("model", "dart.gbtree");
                return WithTrees(common, BoosterKind.Dart, inner, booster.Get("weight_drop", "dart").AsSingles("weight_drop"));
            case "gblinear":
                return new XGBoostModel
                {
                    Objective = objective,
                    NumFeature = numFeature,
                    NumClass = numClass,
                    NumTarget = common.NumTarget,
                    BaseScore = baseScore,
                    Booster = BoosterKind.GBLinear,
                    LinearWeights = booster.Get("model", "gblinear").Get("weights", "gblinear.model").AsSingles("gblinear weights"),
                };
            default:
                throw new ModelFormatException($"unsupported booster '{name}'; expected gbtree, dart or gblinear");
        }
    }

    /// <summary>'{' then optional whitespace then '"' is JSON text; '{' then a letter (a UBJSON length marker) is UBJSON.</summary>
    private static bool IsJsonText(ReadOnlySpan<byte> data)
    {
        int i = 1;
        while (i < data.Length && data[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i >= data.Length || data[i] is (byte)'"' or (byte)'}';
    }

    private static XGBoostModel WithTrees(XGBoostModel common, BoosterKind kind, DocValue model, float[]? weightDrop)
    {
        var treeDocs = model.Get("trees", "gbtree model").AsItems("trees");
        var treeInfo = model.Get("tree_info", "gbtree model").AsInt32s("tree_info");
        var declared = model.TryGet("gbtree_model_param")?.TryGet("num_trees")?.AsInt32("num_trees");
        int parallel = model.TryGet("gbtree_model_param")?.TryGet("num_parallel_tree")?.AsInt32("num_parallel_tree") ?? 1;
        if (declared is { } n && n != treeDocs.Count)
        {
            throw new ModelFormatException($"gbtree_model_param.num_trees is {n} but {treeDocs.Count} trees are stored");
        }

        // 1.7 places each tree at index "id".
        var trees = new TreeModel[treeDocs.Count];
        for (int i = 0; i < treeDocs.Count; i++)
        {
            int id = treeDocs[i].TryGet("id")?.AsInt32("tree id") ?? i;
            if ((uint)id >= (uint)trees.Length || trees[id] is not null)
            {
                throw new ModelFormatException($"tree ids are not 0..{trees.Length - 1} without repeats (found {id})");
            }

            trees[id] = DocumentTreeReader.Read(treeDocs[i], id);
        }

        return new XGBoostModel
        {
            Objective = common.Objective,
            NumFeature = common.NumFeature,
            NumClass = common.NumClass,
            NumTarget = common.NumTarget,
            BaseScore = common.BaseScore,
            Booster = kind,
            Trees = trees,
            TreeInfo = treeInfo,
            WeightDrop = weightDrop,
            NumParallelTree = Math.Max(1, parallel),
        };
    }

    /// <summary>"5E-1" (1.2+), "0.500000" (1.0–1.1), "[5E-1]" (3.x); a number is accepted too.</summary>
    private static float ParseBaseScore(DocValue value)
    {
        if (value.Kind is DocKind.Float or DocKind.Integer)
        {
            return value.Single;
        }

        string text = value.AsString("base_score").Trim();
        if (text.StartsWith('[') && text.EndsWith(']'))
        {
            text = text[1..^1].Trim();
            if (text.Contains(',', StringComparison.Ordinal))
            {
                throw new ModelFormatException(
                    $"per-output base_score vectors ({value.Text}, XGBoost 3.x multi-output) are not supported");
            }
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float score)
            ? score
            : throw new ModelFormatException($"base_score '{value.Text}' is not a number");
    }
}
