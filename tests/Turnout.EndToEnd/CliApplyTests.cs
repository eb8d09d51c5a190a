using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary><c>turnout apply -f</c> against a real server: create, idempotent re-apply, weight diff, config diff, dry run, schema errors.</summary>
public sealed class CliApplyTests(ITestOutputHelper output)
{
    private static string Yaml(int w1, int w2, string model2 = "churn-b") => $"""
        models:
          - name: churn-a
            modelData: {TurnoutServer.ModelUrl1}
          - name: churn-b
            modelData: {TurnoutServer.ModelUrl2}
            image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3
        endpoint:
          name: churn-ab
          variants:
            - {"{"} name: Variant1, model: churn-a, weight: {w1} {"}"}
            - {"{"} name: Variant2, model: {model2}, weight: {w2} {"}"}
          deployment:
            canary: 50%
            wait: 1s
        """;

    [Fact]
    public async Task Apply_CreatesThenIsIdempotent_ShowsDiffs_AndUpdates()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var url = server.EndpointUrl;
        var file = Path.Combine(server.WorkDir, "endpoint.yaml");

        await File.WriteAllTextAsync(file, Yaml(50, 50));
        var created = await CliBinary.OkAsync(url, "apply", "-f", file);
        Assert.Contains("+ model churn-a", created, StringComparison.Ordinal);
        Assert.Contains("+ endpoint churn-ab on config churn-ab-", created, StringComparison.Ordinal);
        Assert.Contains("endpoint churn-ab is InService", created, StringComparison.Ordinal);
        var firstConfig = (await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab")).GetProperty("EndpointConfigName").GetString();

        var again = await CliBinary.OkAsync(url, "apply", "-f", file);
        Assert.Contains("No changes: churn-ab already matches", again, StringComparison.Ordinal);
        var json = await CliBinary.JsonAsync(url, "apply", "-f", file);
        Assert.Equal("None", json.GetProperty("Change").GetString());
        Assert.Equal(0, json.GetProperty("Diff").GetArrayLength());

        // Weights only: diff, then UpdateEndpointWeightsAndCapacities on the same config.
        await File.WriteAllTextAsync(file, Yaml(25, 75));
        var dry = await CliBinary.OkAsync(url, "apply", "-f", file, "--dry-run");
        Assert.Contains("~ variant Variant1 weight 50 → 25", dry, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing changed.", dry, StringComparison.Ordinal);
        Assert.Equal([50f, 50f], (await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab")).GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("CurrentWeight").GetSingle()));

        var weights = await CliBinary.OkAsync(url, "apply", "-f", file);
        Assert.Contains("(UpdateEndpointWeightsAndCapacities)", weights, StringComparison.Ordinal);
        Assert.Contains("~ variant Variant2 weight 50 → 75", weights, StringComparison.Ordinal);
        var afterWeights = await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab");
        Assert.Equal(firstConfig, afterWeights.GetProperty("EndpointConfigName").GetString());
        Assert.Equal([25f, 75f], afterWeights.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("CurrentWeight").GetSingle()));
        Assert.Contains("No changes", await CliBinary.OkAsync(url, "apply", "-f", file), StringComparison.Ordinal);

        // A model change: a new config, rolled out blue/green.
        await File.WriteAllTextAsync(file, Yaml(25, 75, model2: "churn-a"));
        var config = await CliBinary.RunAsync(url, ["apply", "-f", file]);
        Assert.True(config.Succeeded, config.Describe("apply (model change)"));
        Assert.Contains("~ variant Variant2 model churn-b → churn-a", config.Output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(blue/green UpdateEndpoint)", config.Output.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("receives 50% of the endpoint's traffic", config.Output.StandardError, StringComparison.Ordinal);
        var afterConfig = await CliBinary.JsonAsync(url, "endpoints", "describe", "churn-ab");
        Assert.NotEqual(firstConfig, afterConfig.GetProperty("EndpointConfigName").GetString());
        var variants = await CliBinary.JsonAsync(url, "configs", "describe", afterConfig.GetProperty("EndpointConfigName").GetString()!);
        Assert.Equal(["churn-a", "churn-a"], variants.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("ModelName").GetString()));
        Assert.Contains("No changes", await CliBinary.OkAsync(url, "apply", "-f", file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SchemaError_ExitCode2_WithLine()
    {
        var file = Path.Combine(Path.GetTempPath(), $"turnout-e2e-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, "endpoint:\n  name: churn-ab\n  variants:\n    - name: Variant1\n      modle: churn-a\n");
        try
        {
            var result = await CliBinary.RunAsync("http://127.0.0.1:9", ["apply", "-f", file]);
            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"{file}:5:7: unknown key 'modle' in endpoint.variants[0]", result.Output.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Apply_TheRepositoryExample()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        var example = Path.Combine(RepoPaths.Examples, "endpoint.yaml");
        var created = await CliBinary.OkAsync(server.EndpointUrl, "apply", "-f", example);
        Assert.Contains("endpoint churn-ab is InService", created, StringComparison.Ordinal);
        Assert.Contains("No changes", await CliBinary.OkAsync(server.EndpointUrl, "apply", "-f", example), StringComparison.Ordinal);
    }
}
