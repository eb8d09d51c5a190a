using Turnout.Models.XGBoost.Formats.Document;
using Turnout.Models.XGBoost.Model;

namespace Turnout.Models.XGBoost.Formats;

/// <summary>One tree object of a JSON/UBJSON model. The leaf value is split_conditions on leaves
/// (base_weights is eta-free and must not be used).</summary>
internal static class DocumentTreeReader
{
    public static TreeModel Read(DocValue tree, int id)
    {
        string where = $"tree {id}";
        var param = tree.Get("tree_param", where);
        int sizeLeafVector = param.TryGet("size_leaf_vector")?.AsInt32("size_leaf_vector") ?? 0;
        if (sizeLeafVector > 1)
        {
            throw new ModelFormatException(
                $"{where} has vector leaves (size_leaf_vector {sizeLeafVector}, XGBoost 2.x multi_strategy=multi_output_tree), which are not supported; "
                + "retrain with the default multi_strategy=one_output_per_tree");
        }

        int numNodes = param.Get("num_nodes", where).AsInt32("num_nodes", min: 1);
        var left = Array(tree.Get("left_children", where).AsInt32s("left_children", min: -1), numNodes, "left_children", where);
        var right = Array(tree.Get("right_children", where).AsInt32s("right_children", min: -1), numNodes, "right_children", where);
        var values = Array(tree.Get("split_conditions", where).AsSingles("split_conditions"), numNodes, "split_conditions", where);
        var defaults = Array(tree.Get("default_left", where).AsInt64s("default_left"), numNodes, "default_left", where);

        // Leaves and deleted nodes carry placeholder indices (2147483647 for deleted); only splits are checked.
        var rawFeatures = Array(tree.Get("split_indices", where).AsInt64s("split_indices"), numNodes, "split_indices", where);
        var features = new int[numNodes];
        var defaultLeft = new bool[numNodes];
        for (int i = 0; i < numNodes; i++)
        {
            features[i] = rawFeatures[i] is >= 0 and <= int.MaxValue ? (int)rawFeatures[i] : int.MaxValue;
            defaultLeft[i] = defaults[i] != 0;
        }

        return new TreeModel
        {
            LeftChildren = left,
            RightChildren = right,
            SplitFeatures = features,
            Values = values,
            DefaultLeft = defaultLeft,
            Categories = ReadCategories(tree, numNodes, where),
        };
    }

    /// <summary>split_type 1 marks categorical nodes; categories_nodes/segments/sizes index into
    /// categories, the set of category values that go RIGHT.</summary>
    private static int[]?[]? ReadCategories(DocValue tree, int numNodes, string where)
    {
        var splitTypeDoc = tree.TryGet("split_type");
        if (splitTypeDoc is null)
        {
            return null;
        }

        var splitType = Array(splitTypeDoc.AsInt64s("split_type"), numNodes, "split_type", where);
        if (!splitType.AsSpan().ContainsAnyExcept(0))
        {
            return null;
        }

        var nodes = tree.TryGet("categories_nodes")?.AsInt32s("categories_nodes") ?? [];
        var segments = tree.TryGet("categories_segments")?.AsInt64s("categories_segments") ?? [];
        var sizes = tree.TryGet("categories_sizes")?.AsInt64s("categories_sizes") ?? [];
        var categories = tree.TryGet("categories")?.AsInt64s("categories") ?? [];
        if (segments.Length != nodes.Length || sizes.Length != nodes.Length)
        {
            throw new ModelFormatException($"{where}: categories_nodes, categories_segments and categories_sizes differ in length");
        }

        var result = new int[]?[numNodes];
        for (int i = 0; i < numNodes; i++)
        {
            result[i] = splitType[i] switch
            {
                0 => null,
                1 => [],
                _ => throw new ModelFormatException($"{where} node {i}: unknown split_type {splitType[i]}"),
            };
        }

        for (int k = 0; k < nodes.Length; k++)
        {
            int node = nodes[k];
            if ((uint)node >= (uint)numNodes || result[node] is null)
            {
                throw new ModelFormatException($"{where}: categories_nodes names node {node}, which is not a categorical split");
            }

            long start = segments[k], size = sizes[k];
            if (start < 0 || size < 0 || start + size > categories.Length)
            {
                throw new ModelFormatException($"{where} node {node}: category segment [{start}, {start}+{size}) is outside categories");
            }

            var set = new int[size];
            for (long j = 0; j < size; j++)
            {
                long c = categories[start + j];
                set[j] = c is >= 0 and <= int.MaxValue
                    ? (int)c
                    : throw new ModelFormatException($"{where} node {node}: invalid category {c}");
            }

            System.Array.Sort(set);
            result[node] = set;
        }

        return result;
    }

    private static T[] Array<T>(T[] values, int numNodes, string name, string where) =>
        values.Length == numNodes
            ? values
            : throw new ModelFormatException($"{where}: {name} has {values.Length} entries, expected num_nodes = {numNodes}");
}
