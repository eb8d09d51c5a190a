using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.Overload;

/// <summary>
/// A model whose loaded size estimate is larger than its instance type's memory is refused at deployment:
/// the endpoint goes Failed and its FailureReason names the variant, the type and its memory.
/// </summary>
public sealed class InstanceMemoryLimitTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "turnout-memory-" + Guid.NewGuid().ToString("N"));
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var catalog = Path.Combine(_directory, "catalog.json");
        // 0.000001 GiB is 1073 bytes: less than the churn model's trees (16 bytes a node), far less than 2 GiB.
        await File.WriteAllTextAsync(catalog, """
            {"instanceTypes": {
              "ml.test.tiny": {"vcpus": 1, "memoryGiB": 0.000001},
              "ml.test.roomy": {"vcpus": 1, "memoryGiB": 2}
            }}
            """);
        _server = await InProcessServer.StartAsync(configureOptions: o => o with { InstanceCatalogFile = catalog });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ModelLargerThanInstanceMemory_EndpointFailed_ReasonNamesVariantTypeAndMemory()
    {
        var (status, body) = await DeployAsync("tiny", "ml.test.tiny");
        Assert.Equal("Failed", status);
        var reason = body.GetProperty("FailureReason").GetString()!;
        Assert.Contains("Variant \"Only\"", reason, StringComparison.Ordinal);
        Assert.Contains("ml.test.tiny", reason, StringComparison.Ordinal);
        Assert.Contains("1E-06 GiB", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelWithinInstanceMemory_InService()
    {
        var (status, _) = await DeployAsync("roomy", "ml.test.roomy");
        Assert.Equal("InService", status);
    }

    private async Task<(string Status, System.Text.Json.JsonElement Body)> DeployAsync(string name, string instanceType)
    {
        Assert.Equal(200, (await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = name,
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + RepoPaths.ChurnModel(1) },
        })).Status);
        Assert.Equal(200, (await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = name,
            ProductionVariants = new[] { new { VariantName = "Only", ModelName = name, InstanceType = instanceType, InitialInstanceCount = 1, InitialVariantWeight = 1f } },
        })).Status);
        Assert.Equal(200, (await _server.SageMakerAsync("CreateEndpoint", new { EndpointName = name, EndpointConfigName = name })).Status);
        var status = await ChurnEndpoint.WaitForStatusAsync(_server, name, "Creating");
        var (_, body) = await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = name });
        return (status, body);
    }
}
