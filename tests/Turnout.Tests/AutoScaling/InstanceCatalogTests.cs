using Turnout.ControlPlane.Instances;
using Turnout.Tests.Support;

namespace Turnout.Tests.AutoScaling;

public sealed class InstanceCatalogTests
{
    [Fact]
    public void Built_in_catalogue_has_every_sagemaker_variant_type_with_a_profile()
    {
        var catalog = InstanceCatalog.BuiltIn;
        Assert.True(catalog.Names.Count >= 250, $"{catalog.Names.Count} types");
        Assert.True(catalog.TryGet("ml.m5.xlarge", out var m5));
        Assert.Equal((4, 16.0, 4), (m5.Vcpus, m5.MemoryGiB, m5.Concurrency));
        Assert.True(catalog.TryGet("ml.c5.large", out var c5));
        Assert.Equal((2, 4.0), (c5.Vcpus, c5.MemoryGiB));
        Assert.True(catalog.TryGet("ml.t2.medium", out var t2));
        Assert.Equal((2, 4.0), (t2.Vcpus, t2.MemoryGiB));
        Assert.Equal(4L << 30, t2.MemoryLimitBytes);
        Assert.False(catalog.TryGet("ml.m5.huge", out _));
    }

    [Fact]
    public void Override_file_adds_and_replaces_types_and_bad_files_are_explained()
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("turnout-catalog-").FullName, "types.json");
        File.WriteAllText(file, """
            {"instanceTypes": {
              "ml.m5.xlarge": {"vcpus": 4, "memoryGiB": 16, "concurrency": 16},
              "ml.local.box": {"vcpus": 32, "memoryGiB": 128}
            }}
            """);
        var catalog = InstanceCatalog.Load(file);
        Assert.True(catalog.TryGet("ml.m5.xlarge", out var m5));
        Assert.Equal(16, m5.Concurrency);
        Assert.True(catalog.TryGet("ml.local.box", out var box));
        Assert.Equal(32, box.Concurrency);
        Assert.True(catalog.TryGet("ml.c5.large", out _));

        File.WriteAllText(file, """{"instanceTypes": {"ml.x": {"vcpus": 0, "memoryGiB": 1}}}""");
        Assert.Contains("\"vcpus\" as a positive whole number", Assert.Throws<InvalidDataException>(() => InstanceCatalog.Load(file)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, """{"instanceTypes": {"m5.xlarge": {"vcpus": 1, "memoryGiB": 1}}}""");
        Assert.Contains("not an ml.* instance type", Assert.Throws<InvalidDataException>(() => InstanceCatalog.Load(file)).Message, StringComparison.Ordinal);
        File.WriteAllText(file, "{");
        Assert.Contains("not valid JSON", Assert.Throws<InvalidDataException>(() => InstanceCatalog.Load(file)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<InvalidDataException>(() => InstanceCatalog.Load(file + ".missing")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_instance_type_is_refused_at_create_endpoint_config_with_sagemakers_wording()
    {
        await using var server = await InProcessServer.StartAsync();
        await ChurnEndpoint.CreateAsync(server, "types");
        var (status, body) = await server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "bad-type",
            ProductionVariants = new[] { new { VariantName = "V", ModelName = "types-m1", InstanceType = "ml.m5.huge", InitialInstanceCount = 1 } },
        });
        Assert.Equal(400, status);
        Assert.Equal("ValidationException", body.GetProperty("__type").GetString());
        var message = body.GetProperty("message").GetString()!;
        Assert.StartsWith("1 validation error detected: Value 'ml.m5.huge' at 'productionVariants.InstanceType' failed to satisfy constraint: Member must satisfy enum value set: [", message, StringComparison.Ordinal);
        Assert.Contains("ml.m5.xlarge", message, StringComparison.Ordinal);
    }
}
