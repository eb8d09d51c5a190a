namespace Turnout.ControlPlane.Shapes;

public sealed class CapacitySize
{
    public string? Type { get; set; }
    public int? Value { get; set; }
}

public sealed class TrafficRoutingConfig
{
    public string? Type { get; set; }
    public int? WaitIntervalInSeconds { get; set; }
    public CapacitySize? CanarySize { get; set; }
    public CapacitySize? LinearStepSize { get; set; }
}

public sealed class BlueGreenUpdatePolicy
{
    public TrafficRoutingConfig? TrafficRoutingConfiguration { get; set; }
    public int? TerminationWaitInSeconds { get; set; }
    public int? MaximumExecutionTimeoutInSeconds { get; set; }
}

public sealed class AlarmRef
{
    public string? AlarmName { get; set; }
}

public sealed class AutoRollbackConfig
{
    public List<AlarmRef>? Alarms { get; set; }
}

public sealed class DeploymentConfig
{
    public BlueGreenUpdatePolicy? BlueGreenUpdatePolicy { get; set; }
    public System.Text.Json.JsonElement? RollingUpdatePolicy { get; set; }
    public AutoRollbackConfig? AutoRollbackConfiguration { get; set; }
}

public sealed class VariantProperty
{
    public string? VariantPropertyType { get; set; }
}

public sealed class UpdateEndpointInput
{
    public string? EndpointName { get; set; }
    public string? EndpointConfigName { get; set; }
    public bool? RetainAllVariantProperties { get; set; }
    public List<VariantProperty>? ExcludeRetainedVariantProperties { get; set; }
    public DeploymentConfig? DeploymentConfig { get; set; }
    public bool? RetainDeploymentConfig { get; set; }
}

public sealed class PendingProductionVariantSummary
{
    public required string VariantName { get; set; }
    public List<DeployedImage>? DeployedImages { get; set; }
    public float? CurrentWeight { get; set; }
    public float? DesiredWeight { get; set; }
    public int? CurrentInstanceCount { get; set; }
    public int? DesiredInstanceCount { get; set; }
    public string? InstanceType { get; set; }
    public List<VariantStatus>? VariantStatus { get; set; }
}

public sealed class PendingDeploymentSummary
{
    public required string EndpointConfigName { get; set; }
    public List<PendingProductionVariantSummary>? ProductionVariants { get; set; }
    public DateTimeOffset? StartTime { get; set; }
}
