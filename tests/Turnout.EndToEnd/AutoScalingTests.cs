using System.Text.Json;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// Application Auto Scaling against a real <c>turnout serve</c>: with boto3 (both generations) a target-tracking
/// policy scales Variant1 out under a load step and back in after it (clients/autoscaling_flow.py); with the AWS
/// CLI (both generations) every operation answers in the service's shapes.
/// </summary>
public sealed class AutoScalingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromSeconds(180);

    // One evaluation a second over a 4-second window, so the test measures seconds, not minutes.
    private static readonly string[] FastScaling = ["--autoscaling-interval", "1", "--autoscaling-metric-window", "4"];

    [Fact]
    public Task TargetTracking_DebianBoto3_ScalesOutUnderLoadAndBackIn() => ScaleAsync(AwsClients.DebianBoto3);

    [PathBoto3Fact]
    public Task TargetTracking_PathBoto3_ScalesOutUnderLoadAndBackIn() => ScaleAsync(AwsClients.PathBoto3);

    [Fact]
    public Task Operations_AwsCliV2() => CliAsync(AwsClients.AwsCliV2);

    [PathAwsCliFact]
    public Task Operations_PathAwsCli() => CliAsync(AwsClients.PathAwsCli);

    private async Task ScaleAsync(ClientProbe python)
    {
        Assert.True(python.Usable, $"{python.Problem} (bash .ci/run installs Debian's python3-boto3)");
        output.WriteLine($"client: {python.Path} ({python.Version})");
        await using var server = await TurnoutServer.StartAsync(output, FastScaling);
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            await NotebookDeployment.CreateAsync(sm, "scaled", (1, 1), (1, 1));
        }

        var row = Path.Combine(server.WorkDir, "row.csv");
        await File.WriteAllTextAsync(row, NotebookRow());
        var result = await ClientProcess.RunAsync(
            python.Path!,
            [Path.Combine(RepoPaths.Clients, "autoscaling_flow.py"), "--endpoint-url", server.EndpointUrl, "--endpoint-name", "scaled", "--row-file", row, "--deadline", "60"],
            AwsClientEnvironment.Create(server.WorkDir),
            ScriptDeadline);
        output.WriteLine("---- autoscaling_flow.py ----");
        output.WriteLine(result.Output.All);
        Assert.True(result.Succeeded, result.Describe("autoscaling_flow.py"));
        var summary = JsonNode.Parse(result.Output.StandardOutput.Trim().Split('\n')[^1])!;
        Assert.Empty(summary["failures"]!.AsArray());
        Assert.True((int)summary["peak_instances"]! >= 2, summary.ToJsonString());
    }

    private async Task CliAsync(ClientProbe cli)
    {
        Assert.True(cli.Usable, $"{cli.Problem} (bash .ci/run installs Debian's awscli)");
        output.WriteLine($"client: {cli.Path} ({cli.Version})");
        await using var server = await TurnoutServer.StartAsync(output);
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            await NotebookDeployment.CreateAsync(sm, "cli", (1, 1), (1, 1));
        }

        var environment = AwsClientEnvironment.Create(server.WorkDir);
        const string resource = "endpoint/cli/variant/Variant1";
        const string dimension = "sagemaker:variant:DesiredInstanceCount";
        async Task<ProcessResult> Aws(params string[] arguments)
        {
            var result = await ClientProcess.RunAsync(cli.Path!, ["--endpoint-url", server.EndpointUrl, "--output", "json", "application-autoscaling", .. arguments], environment, ScriptDeadline);
            output.WriteLine($"$ aws application-autoscaling {string.Join(' ', arguments)}\n{result.Output.All}");
            return result;
        }

        async Task<JsonElement> Ok(params string[] arguments)
        {
            var result = await Aws(arguments);
            Assert.True(result.Succeeded, result.Describe("aws " + arguments[0]));
            var text = result.Output.StandardOutput.Trim();
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        var registered = await Ok("register-scalable-target", "--service-namespace", "sagemaker", "--resource-id", resource,
            "--scalable-dimension", dimension, "--min-capacity", "1", "--max-capacity", "2");
        if (registered.ValueKind == JsonValueKind.Object && registered.TryGetProperty("ScalableTargetARN", out var targetArn))
        {
            Assert.StartsWith("arn:aws:application-autoscaling:", targetArn.GetString(), StringComparison.Ordinal);
        }

        var targets = await Ok("describe-scalable-targets", "--service-namespace", "sagemaker");
        Assert.Equal(2, targets.GetProperty("ScalableTargets")[0].GetProperty("MaxCapacity").GetInt32());

        var config = Path.Combine(server.WorkDir, "policy.json");
        await File.WriteAllTextAsync(config, """
            {"TargetValue": 70.0, "PredefinedMetricSpecification": {"PredefinedMetricType": "SageMakerVariantInvocationsPerInstance"},
             "ScaleInCooldown": 600, "ScaleOutCooldown": 300}
            """);
        var put = await Ok("put-scaling-policy", "--policy-name", "ipi", "--policy-type", "TargetTrackingScaling", "--service-namespace", "sagemaker",
            "--resource-id", resource, "--scalable-dimension", dimension, "--target-tracking-scaling-policy-configuration", "file://" + config);
        Assert.Contains(":policyName/ipi", put.GetProperty("PolicyARN").GetString(), StringComparison.Ordinal);

        var policies = await Ok("describe-scaling-policies", "--service-namespace", "sagemaker", "--resource-id", resource);
        Assert.Equal(600, policies.GetProperty("ScalingPolicies")[0].GetProperty("TargetTrackingScalingPolicyConfiguration").GetProperty("ScaleInCooldown").GetInt32());

        var activities = await Ok("describe-scaling-activities", "--service-namespace", "sagemaker", "--resource-id", resource);
        Assert.Equal(JsonValueKind.Array, activities.GetProperty("ScalingActivities").ValueKind);

        var missing = await Aws("delete-scaling-policy", "--policy-name", "nope", "--service-namespace", "sagemaker", "--resource-id", resource, "--scalable-dimension", dimension);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("ObjectNotFoundException", missing.Output.All, StringComparison.Ordinal);
        Assert.Contains("No scaling policy found", missing.Output.All, StringComparison.Ordinal);

        var invalid = await Aws("register-scalable-target", "--service-namespace", "sagemaker", "--resource-id", resource,
            "--scalable-dimension", dimension, "--min-capacity", "3", "--max-capacity", "2");
        Assert.Contains("ValidationException", invalid.Output.All, StringComparison.Ordinal);
        Assert.Contains("Minimum capacity cannot be greater than maximum capacity", invalid.Output.All, StringComparison.Ordinal);

        await Ok("delete-scaling-policy", "--policy-name", "ipi", "--service-namespace", "sagemaker", "--resource-id", resource, "--scalable-dimension", dimension);
        await Ok("deregister-scalable-target", "--service-namespace", "sagemaker", "--resource-id", resource, "--scalable-dimension", dimension);
        Assert.Empty((await Ok("describe-scalable-targets", "--service-namespace", "sagemaker")).GetProperty("ScalableTargets").EnumerateArray());
    }

    /// <summary>One feature row of the notebook's test data (the label column dropped).</summary>
    private static string NotebookRow()
    {
        var line = File.ReadLines(Path.Combine(RepoPaths.Examples, "test_data", "test-dataset-input-cols.csv")).Skip(1).First();
        return line.Trim();
    }
}
