using System.Text.Json.Nodes;

namespace Turnout.EndToEnd.Infrastructure;

/// <summary>The notebook's two models behind one endpoint, created with raw control-plane calls.</summary>
internal static class NotebookDeployment
{
    public const string Role = "arn:aws:iam::123456789012:role/Turnout";
    public const string Image1 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3";
    public const string Image2 = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3";

    /// <summary>Creates models <c>{name}-m1</c>/<c>{name}-m2</c>, config and endpoint <paramref name="name"/>; returns the InService description.</summary>
    public static async Task<JsonNode> CreateAsync(SageMakerHttp sm, string name, (double Weight, int Count) variant1, (double Weight, int Count) variant2)
    {
        await sm.ControlOkAsync("CreateModel", Model($"{name}-m1", Image1, TurnoutServer.ModelUrl1));
        await sm.ControlOkAsync("CreateModel", Model($"{name}-m2", Image2, TurnoutServer.ModelUrl2));
        await sm.ControlOkAsync("CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = name,
            ["ProductionVariants"] = new JsonArray(
                Variant("Variant1", $"{name}-m1", variant1.Weight, variant1.Count),
                Variant("Variant2", $"{name}-m2", variant2.Weight, variant2.Count)),
        });
        await sm.ControlOkAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = name, ["EndpointConfigName"] = name });
        var described = await sm.WaitForEndpointAsync(name, TimeSpan.FromSeconds(60));
        if ((string?)described["EndpointStatus"] != "InService")
        {
            throw new InvalidOperationException($"{name} ended as {described.ToJsonString()}");
        }

        return described;
    }

    private static JsonObject Model(string name, string image, string url) => new()
    {
        ["ModelName"] = name,
        ["ExecutionRoleArn"] = Role,
        ["PrimaryContainer"] = new JsonObject { ["Image"] = image, ["ModelDataUrl"] = url },
    };

    private static JsonObject Variant(string name, string model, double weight, int count) => new()
    {
        ["VariantName"] = name,
        ["ModelName"] = model,
        ["InstanceType"] = "ml.m5.xlarge",
        ["InitialInstanceCount"] = count,
        ["InitialVariantWeight"] = weight,
    };
}
