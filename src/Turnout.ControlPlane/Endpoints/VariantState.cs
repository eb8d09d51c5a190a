using Turnout.ControlPlane.Shapes;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>
/// One variant of an endpoint as stored: what to serve (a snapshot of the model's container taken at
/// CreateEndpoint, so deleting the model or config later does not break a running endpoint) and the
/// current and desired weight and instance count.
/// </summary>
public sealed class VariantState
{
    public required string VariantName { get; set; }
    public required string ModelName { get; set; }
    public ContainerDefinition Container { get; set; } = new();
    public string? InstanceType { get; set; }
    public ServerlessConfig? ServerlessConfig { get; set; }
    public float CurrentWeight { get; set; }
    public float DesiredWeight { get; set; }
    public int CurrentInstanceCount { get; set; }
    public int DesiredInstanceCount { get; set; }
    public DateTimeOffset? ImageResolutionTime { get; set; }
}
