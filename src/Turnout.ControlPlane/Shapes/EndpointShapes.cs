using System.Text.Json;

namespace Turnout.ControlPlane.Shapes;

public sealed class CreateEndpointInput
{
    public string? EndpointName { get; set; }
    public string? EndpointConfigName { get; set; }
    public DeploymentConfig? DeploymentConfig { get; set; }
    public List<Tag>? Tags { get; set; }
}

public sealed class DesiredWeightAndCapacity
{
    public string? VariantName { get; set; }
    public float? DesiredWeight { get; set; }
    public int? DesiredInstanceCount { get; set; }
    public JsonElement? ServerlessUpdateConfig { get; set; }
}

public sealed class UpdateEndpointWeightsAndCapacitiesInput
{
    public string? EndpointName { get; set; }
    public List<DesiredWeightAndCapacity>? DesiredWeightsAndCapacities { get; set; }
}

public sealed class DeployedImage
{
    public string? SpecifiedImage { get; set; }
    public string? ResolvedImage { get; set; }
    public DateTimeOffset? ResolutionTime { get; set; }
}

public sealed class VariantStatus
{
    public required string Status { get; set; }
    public string? StatusMessage { get; set; }
    public DateTimeOffset? StartTime { get; set; }
}

public sealed class ProductionVariantSummary
{
    public required string VariantName { get; set; }
    public List<DeployedImage>? DeployedImages { get; set; }
    public float? CurrentWeight { get; set; }
    public float? DesiredWeight { get; set; }
    public int? CurrentInstanceCount { get; set; }
    public int? DesiredInstanceCount { get; set; }
    public List<VariantStatus>? VariantStatus { get; set; }
    public ServerlessConfig? CurrentServerlessConfig { get; set; }
    public ServerlessConfig? DesiredServerlessConfig { get; set; }
}

public sealed class DescribeEndpointOutput
{
    public required string EndpointName { get; set; }
    public required string EndpointArn { get; set; }
    public required string EndpointConfigName { get; set; }
    public List<ProductionVariantSummary>? ProductionVariants { get; set; }
    public DataCaptureConfigSummary? DataCaptureConfig { get; set; }
    public required string EndpointStatus { get; set; }
    public string? FailureReason { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
    public required DateTimeOffset LastModifiedTime { get; set; }
    public DeploymentConfig? LastDeploymentConfig { get; set; }
    public PendingDeploymentSummary? PendingDeploymentSummary { get; set; }
}

public sealed class EndpointArnOutput
{
    public required string EndpointArn { get; set; }
}
