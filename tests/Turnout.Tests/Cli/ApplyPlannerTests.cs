using Turnout.Cli;
using Turnout.Cli.Apply;

namespace Turnout.Tests.Cli;

public sealed class ApplyPlannerTests
{
    private static readonly ModelSpec A = new("churn-a", "file:///m/a.tar.gz", "turnout/xgboost");
    private static readonly ModelSpec B = new("churn-b", "file:///m/b.tar.gz", "turnout/xgboost");

    private static ApplySpec Spec(float w1 = 50, float w2 = 50, string model2 = "churn-b", int instances2 = 1) => new([A, B],
        new EndpointSpec("churn-ab", "ml.m5.xlarge", [new VariantDeclaration("Variant1", "churn-a", w1, 1), new VariantDeclaration("Variant2", model2, w2, instances2)], null));

    private static Dictionary<string, LiveModel> Models(params ModelSpec[] models) => models.ToDictionary(m => m.Name, m => new LiveModel(m.Name, m.ModelDataUrl, m.Image));

    private static LiveEndpoint Live(string config, float w1 = 50, float w2 = 50, string model2 = "churn-b") => new("churn-ab", "InService", config,
        [new LiveVariant("Variant1", "churn-a", "ml.m5.xlarge", w1, 1), new LiveVariant("Variant2", model2, "ml.m5.xlarge", w2, 1)]);

    [Fact]
    public void Nothing_Exists_CreatesEverything()
    {
        var plan = ApplyPlanner.Plan(Spec(), Models(), new HashSet<string>(), null);
        Assert.Equal([A, B], plan.ModelsToCreate);
        Assert.True(plan.CreateConfig);
        Assert.Equal(EndpointChange.Create, plan.Endpoint);
        Assert.Contains(plan.Diff, d => d.StartsWith("+ endpoint churn-ab", StringComparison.Ordinal));
    }

    [Fact]
    public void Same_State_IsNoChange()
    {
        var spec = Spec();
        var config = ApplyPlanner.ConfigName(spec);
        var plan = ApplyPlanner.Plan(spec, Models(A, B), new HashSet<string> { config }, Live(config));
        Assert.True(plan.NoChanges);
        Assert.Empty(plan.Diff);
    }

    [Fact]
    public void Weights_Only_UseUpdateEndpointWeightsAndCapacities()
    {
        var config = ApplyPlanner.ConfigName(Spec());
        var plan = ApplyPlanner.Plan(Spec(25, 75, instances2: 2), Models(A, B), new HashSet<string> { config }, Live(config));
        Assert.Equal(EndpointChange.Weights, plan.Endpoint);
        Assert.False(plan.CreateConfig);
        Assert.Equal(config, plan.ConfigName);
        Assert.Contains("  ~ variant Variant1 weight 50 → 25", plan.Diff);
        Assert.Contains("  ~ variant Variant2 weight 50 → 75", plan.Diff);
        Assert.Contains("  ~ variant Variant2 instances 1 → 2", plan.Diff);
    }

    [Fact]
    public void Model_Change_NeedsNewConfigAndUpdateEndpoint()
    {
        var old = ApplyPlanner.ConfigName(Spec());
        var spec = Spec(model2: "churn-a");
        var plan = ApplyPlanner.Plan(spec, Models(A, B), new HashSet<string> { old }, Live(old));
        Assert.Equal(EndpointChange.Config, plan.Endpoint);
        Assert.True(plan.CreateConfig);
        Assert.NotEqual(old, plan.ConfigName);
        Assert.Contains("  ~ variant Variant2 model churn-b → churn-a", plan.Diff);
    }

    [Fact]
    public void Removed_Variant_IsAConfigChange()
    {
        var spec = new ApplySpec([A], new EndpointSpec("churn-ab", "ml.m5.xlarge", [new VariantDeclaration("Variant1", "churn-a", 1, 1)], null));
        var plan = ApplyPlanner.Plan(spec, Models(A), new HashSet<string>(), Live("old"));
        Assert.Equal(EndpointChange.Config, plan.Endpoint);
        Assert.Contains(plan.Diff, d => d.StartsWith("  - variant Variant2", StringComparison.Ordinal));
    }

    [Fact]
    public void Changed_Model_Definition_IsRefused()
    {
        var live = Models(A, B);
        live["churn-a"] = new LiveModel("churn-a", "file:///elsewhere.tar.gz", "turnout/xgboost");
        var e = Assert.Throws<UsageException>(() => ApplyPlanner.Plan(Spec(), live, new HashSet<string>(), null));
        Assert.Contains("churn-a-v2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoint_NotInService_IsRefused() =>
        Assert.Throws<EndpointException>(() => ApplyPlanner.Plan(Spec(), Models(A, B), new HashSet<string>(), Live("c") with { Status = "Updating" }));

    [Fact]
    public void ConfigName_IsStableAndFollowsContent()
    {
        Assert.Equal(ApplyPlanner.ConfigName(Spec()), ApplyPlanner.ConfigName(Spec()));
        Assert.NotEqual(ApplyPlanner.ConfigName(Spec()), ApplyPlanner.ConfigName(Spec(25, 75)));
        Assert.Matches("^churn-ab-[0-9a-f]{8}$", ApplyPlanner.ConfigName(Spec()));
    }
}
