using System.Text.Json;

namespace Turnout.ControlPlane.Shapes;

// SageMaker's wire shapes for models, member names exactly as botocore's service model spells them.
// Members Turnout does not act on are kept as raw JSON so Describe* echoes them back.

public sealed class ContainerDefinition
{
    public string? ContainerHostname { get; set; }
    public string? Image { get; set; }
    public JsonElement? ImageConfig { get; set; }
    public string? Mode { get; set; }
    public string? ModelDataUrl { get; set; }
    public Dictionary<string, string>? Environment { get; set; }
    public string? ModelPackageName { get; set; }
    public string? InferenceSpecificationName { get; set; }
    public JsonElement? MultiModelConfig { get; set; }
    public JsonElement? ModelDataSource { get; set; }
}

public sealed class Tag
{
    public string? Key { get; set; }
    public string? Value { get; set; }
}

public sealed class CreateModelInput
{
    public string? ModelName { get; set; }
    public ContainerDefinition? PrimaryContainer { get; set; }
    public List<ContainerDefinition>? Containers { get; set; }
    public JsonElement? InferenceExecutionConfig { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public List<Tag>? Tags { get; set; }
    public JsonElement? VpcConfig { get; set; }
    public bool? EnableNetworkIsolation { get; set; }
}

public sealed class DescribeModelOutput
{
    public required string ModelName { get; set; }
    public ContainerDefinition? PrimaryContainer { get; set; }
    public List<ContainerDefinition>? Containers { get; set; }
    public JsonElement? InferenceExecutionConfig { get; set; }
    public string? ExecutionRoleArn { get; set; }
    public JsonElement? VpcConfig { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
    public required string ModelArn { get; set; }
    public bool? EnableNetworkIsolation { get; set; }
}

public sealed class NameInput
{
    public string? ModelName { get; set; }
    public string? EndpointConfigName { get; set; }
    public string? EndpointName { get; set; }
}
