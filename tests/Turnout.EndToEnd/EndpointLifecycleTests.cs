using System.Net;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>The endpoint states the waiters and the notebook react to, beyond the happy path.</summary>
public sealed class EndpointLifecycleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CreateEndpoint_MissingArtifact_EndsFailedWithReasonAndOnlyDeleteWorks()
    {
        await using var server = await TurnoutServer.StartAsync(output);
        using var sm = new SageMakerHttp(server.BaseUri);
        // CreateModel refuses model data that does not exist; an existing key holding no model fails at deployment.
        const string missing = "s3://turnout-examples/churn-ab/empty-model";
        Directory.CreateDirectory(Path.Combine(server.S3Root, "turnout-examples", "churn-ab", "empty-model"));
        await sm.ControlOkAsync("CreateModel", new JsonObject
        {
            ["ModelName"] = "missing-artifact",
            ["ExecutionRoleArn"] = NotebookDeployment.Role,
            ["PrimaryContainer"] = new JsonObject { ["Image"] = NotebookDeployment.Image1, ["ModelDataUrl"] = missing },
        });
        await sm.ControlOkAsync("CreateEndpointConfig", new JsonObject
        {
            ["EndpointConfigName"] = "broken",
            ["ProductionVariants"] = new JsonArray(new JsonObject
            {
                ["VariantName"] = "Variant1",
                ["ModelName"] = "missing-artifact",
                ["InstanceType"] = "ml.m5.xlarge",
                ["InitialInstanceCount"] = 1,
            }),
        });
        await sm.ControlOkAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = "broken", ["EndpointConfigName"] = "broken" });

        // endpoint_in_service stops with a failure on Failed; the notebook's SDK raises with FailureReason.
        var described = await sm.WaitForEndpointAsync("broken", TimeSpan.FromSeconds(60));
        Assert.Equal("Failed", (string?)described["EndpointStatus"]);
        Assert.Contains(missing, (string?)described["FailureReason"] ?? string.Empty, StringComparison.Ordinal);

        var invoke = await sm.InvokeAsync("broken", NotebookData.Rows[^1].Features);
        Assert.True(invoke.Status == HttpStatusCode.BadRequest, invoke.ToString());
        Assert.Equal("ValidationError", invoke.Header("x-amzn-ErrorType")?.Split(':')[0]);

        var update = await sm.ControlAsync("UpdateEndpointWeightsAndCapacities", new JsonObject
        {
            ["EndpointName"] = "broken",
            ["DesiredWeightsAndCapacities"] = new JsonArray(new JsonObject { ["VariantName"] = "Variant1", ["DesiredWeight"] = 2.0 }),
        });
        Assert.True(update.Status == HttpStatusCode.BadRequest, update.ToString());
        Assert.Equal("ValidationException", (string?)update.Json["__type"]);

        await sm.ControlOkAsync("DeleteEndpoint", new JsonObject { ["EndpointName"] = "broken" });
        var gone = await WaitGoneAsync(sm, "broken");
        Assert.StartsWith("Could not find endpoint", (string?)gone.Json["message"] ?? string.Empty, StringComparison.Ordinal);
    }

    private static async Task<WireResponse> WaitGoneAsync(SageMakerHttp sm, string endpointName)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var response = await sm.ControlAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = endpointName });
            if (response.Status != HttpStatusCode.OK)
            {
                return response;
            }

            if (stopwatch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{endpointName} still described after DeleteEndpoint:\n{response}");
            }

            await Task.Delay(100);
        }
    }
}
