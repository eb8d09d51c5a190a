using System.Text.Json;

namespace Turnout.ControlPlane.Shapes;

public sealed class ServerlessConfig
{
    public int? MemorySizeInMB { get; set; }
    public int? MaxConcurrency { get; set; }
    public int? ProvisionedConcurrency { get; set; }
}

public sealed class ProductionVariant
{
    public string? VariantName { get; set; }
    public string? ModelName { get; set; }
    public int? InitialInstanceCount { get; set; }
    public string? InstanceType { get; set; }
    public float? InitialVariantWeight { get; set; }
    public string? AcceleratorType { get; set; }
    public JsonElement? CoreDumpConfig { get; set; }
    public ServerlessConfig? ServerlessConfig { get; set; }
    public int? VolumeSizeInGB { get; set; }
    public int? ModelDataDownloadTimeoutInSeconds { get; set; }
    public int? ContainerStartupHealthCheckTimeoutInSeconds { get; set; }
    public bool? EnableSSMAccess { get; set; }
}

public sealed class CreateEndpointConfigInput
{
    public string? EndpointConfigName { get; set; }
    public List<ProductionVariant>? ProductionVariants { get; set; }
    public DataCaptureConfig? DataCaptureConfig { get; set; }
    public List<Tag>? Tags { get; set; }
    public string? KmsKeyId { get; set; }
    public JsonElement? AsyncInferenceConfig { get; set; }
    public JsonElement? ExplainerConfig { get; set; }
    public List<ProductionVariant>? ShadowProductionVariants { get; set; }
}

public sealed class DescribeEndpointConfigOutput
{
    public required string EndpointConfigName { get; set; }
    public required string EndpointConfigArn { get; set; }
    public required List<ProductionVariant> ProductionVariants { get; set; }
    public DataCaptureConfig? DataCaptureConfig { get; set; }
    public string? KmsKeyId { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
    public JsonElement? AsyncInferenceConfig { get; set; }
    public JsonElement? ExplainerConfig { get; set; }
    public List<ProductionVariant>? ShadowProductionVariants { get; set; }
}
