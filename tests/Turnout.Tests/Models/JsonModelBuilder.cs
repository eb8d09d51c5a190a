using System.Globalization;

namespace Turnout.Tests.Models;

/// <summary>Small JSON models in XGBoost 1.7's shape, with the knobs the reader tests turn.</summary>
internal static class JsonModelBuilder
{
    public static string Model(
        string trees,
        string objective = "binary:logistic",
        string baseScore = "\"5E-1\"",
        int numFeature = 2,
        int numClass = 0,
        string treeInfo = "[0]",
        string booster = "gbtree") => $$$"""
        {"learner":{"attributes":{},"feature_names":[],"feature_types":[],
          "gradient_booster":{"model":{"gbtree_model_param":{"num_parallel_tree":"1","num_trees":"{{{trees.Split("\"id\"").Length - 1}}}","size_leaf_vector":"0"},
            "tree_info":{{{treeInfo}}},"trees":[{{{trees}}}]},"name":"{{{booster}}}"},
          "learner_model_param":{"base_score":{{{baseScore}}},"boost_from_average":"1","num_class":"{{{numClass}}}","num_feature":"{{{numFeature}}}","num_target":"1"},
          "objective":{"name":"{{{objective}}}","reg_loss_param":{"scale_pos_weight":"1"}} },
         "version":[1,7,4]}
        """;

    /// <summary>A stump on feature 0: <c>x &lt; threshold</c> (or categorical) left → <paramref name="left"/>, else right.</summary>
    public static string Stump(
        int id = 0,
        string threshold = "2.5E0",
        float left = -1f,
        float right = 1f,
        string defaultLeft = "[1,0,0]",
        int feature = 0,
        string sizeLeafVector = "0",
        string categorical = "") => $$$"""
        {"base_weights":[0E0,0E0,0E0],{{{categorical}}}"default_left":{{{defaultLeft}}},"id":{{{id}}},"left_children":[1,-1,-1],
         "loss_changes":[0E0,0E0,0E0],"parents":[2147483647,0,0],"right_children":[2,-1,-1],
         "split_conditions":[{{{threshold}}},{{{F(left)}}},{{{F(right)}}}],"split_indices":[{{{feature}}},0,0],
         "sum_hessian":[1E0,1E0,1E0],"tree_param":{"num_deleted":"0","num_feature":"2","num_nodes":"3","size_leaf_vector":"{{{sizeLeafVector}}}"}}
        """;

    /// <summary>split_type/categories keys making node 0 a categorical split whose RIGHT set is <paramref name="categories"/>.</summary>
    public static string Categorical(params int[] categories) =>
        $"\"split_type\":[1,0,0],\"categories_nodes\":[0],\"categories_segments\":[0],\"categories_sizes\":[{categories.Length}],"
        + $"\"categories\":[{string.Join(',', categories)}],";

    private static string F(float f) => f.ToString("R", CultureInfo.InvariantCulture);
}
