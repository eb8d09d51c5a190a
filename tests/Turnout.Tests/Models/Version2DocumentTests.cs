using System.Text;
using System.Text.Json.Nodes;
using Turnout.Models;
using Turnout.Models.XGBoost;

namespace Turnout.Tests.Models;

/// <summary>
/// XGBoost 2.x documents (schema read from dmlc/xgboost v2.1.0 doc/model.schema and gbtree_model.cc): version
/// [2, x, y], <c>iteration_indptr</c> in the gbtree model, no <c>size_leaf_vector</c> in gbtree_model_param, and
/// multi-target vector-leaf trees, which must be refused by name rather than predicted wrongly.
/// </summary>
public class Version2DocumentTests
{
    private static JsonNode Fixture(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.XGBoostFixtures, name, "model.json")))!;

    private static JsonObject GbtreeModel(JsonNode doc) => doc["learner"]!["gradient_booster"]!["model"]!.AsObject();

    private static JsonNode As2x(string name)
    {
        var doc = Fixture(name);
        doc["version"] = new JsonArray(2, 1, 0);
        var model = GbtreeModel(doc);
        model["gbtree_model_param"]!.AsObject().Remove("size_leaf_vector");
        int trees = model["trees"]!.AsArray().Count;
        var param = doc["learner"]!["learner_model_param"]!;
        int perRound = Math.Max(1, Math.Max(Int(param["num_class"]), Int(param["num_target"])));
        model["iteration_indptr"] = new JsonArray(Enumerable.Range(0, (trees / perRound) + 1).Select(i => (JsonNode)(i * perRound)).ToArray());
        return doc;
    }

    private static int Int(JsonNode? value) => value is null ? 0 : int.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("binary_logistic")]
    [InlineData("multi_softprob")]
    [InlineData("multi_target_reg")]
    public void Load_Version2Shape_PredictsLikeLibXGBoost(string name)
    {
        var fixture = FixtureCase.All.Single(c => c.Name == name);
        var predictor = XGBoostModelLoader.Load(Encoding.UTF8.GetBytes(As2x(name).ToJsonString()), "xgboost-model");
        var input = fixture.Input;
        var actual = new float[fixture.Expected.Values.Length];
        predictor.Predict(input.Values, input.Rows, actual);
        Assert.Equal(fixture.Expected.Values, actual);
    }

    [Fact]
    public void Load_Version2VectorLeafTree_RefusedNamingTheFeature()
    {
        var doc = As2x("multi_target_reg");
        var tree = GbtreeModel(doc)["trees"]![0]!;
        tree["tree_param"]!["size_leaf_vector"] = "2";

        var e = Assert.Throws<ModelLoadException>(() => XGBoostModelLoader.Load(Encoding.UTF8.GetBytes(doc.ToJsonString()), "xgboost-model"));

        Assert.Contains("multi_output_tree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FeatureNamesAndTypes_RecordedInTheModel()
    {
        var doc = Fixture("binary_logistic");
        doc["learner"]!["feature_names"] = new JsonArray("age", "plan", "calls", "minutes", "region");
        doc["learner"]!["feature_types"] = new JsonArray("int", "c", "q", "float", "i");

        var model = XGBoostModelReader.Read(Encoding.UTF8.GetBytes(doc.ToJsonString()));

        Assert.Equal(["age", "plan", "calls", "minutes", "region"], model.FeatureNames!);
        Assert.Equal(["int", "c", "q", "float", "i"], model.FeatureTypes!);
    }

    [Fact]
    public void Load_EarlyStoppedPickle_ServesBestNTreeLimitRoundsOnly()
    {
        var fixture = FixtureCase.All.Single(c => c.Name == "early_stopping_softprob");
        var model = XGBoostModelReader.Read(fixture.ReadModel("model.p4.pkl"));

        Assert.True(model.BestNTreeLimit > 0);
        Assert.True(model.BestNTreeLimit / model.NumParallelTree * model.GroupCount * model.NumParallelTree < model.Trees.Length);
        Assert.Equal(2, model.NumParallelTree);
    }
}
