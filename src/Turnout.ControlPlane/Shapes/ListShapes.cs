namespace Turnout.ControlPlane.Shapes;

/// <summary>The inputs shared by ListModels, ListEndpointConfigs and ListEndpoints.</summary>
public sealed class ListInput
{
    public string? SortBy { get; set; }
    public string? SortOrder { get; set; }
    public string? NextToken { get; set; }
    public int? MaxResults { get; set; }
    public string? NameContains { get; set; }
    public DateTimeOffset? CreationTimeBefore { get; set; }
    public DateTimeOffset? CreationTimeAfter { get; set; }
    public DateTimeOffset? LastModifiedTimeBefore { get; set; }
    public DateTimeOffset? LastModifiedTimeAfter { get; set; }
    public string? StatusEquals { get; set; }
}

public sealed class ModelSummary
{
    public required string ModelName { get; set; }
    public required string ModelArn { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
}

public sealed class EndpointConfigSummary
{
    public required string EndpointConfigName { get; set; }
    public required string EndpointConfigArn { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
}

public sealed class EndpointSummary
{
    public required string EndpointName { get; set; }
    public required string EndpointArn { get; set; }
    public required DateTimeOffset CreationTime { get; set; }
    public required DateTimeOffset LastModifiedTime { get; set; }
    public required string EndpointStatus { get; set; }
}

public sealed class ListModelsOutput
{
    public required List<ModelSummary> Models { get; set; }
    public string? NextToken { get; set; }
}

public sealed class ListEndpointConfigsOutput
{
    public required List<EndpointConfigSummary> EndpointConfigs { get; set; }
    public string? NextToken { get; set; }
}

public sealed class ListEndpointsOutput
{
    public required List<EndpointSummary> Endpoints { get; set; }
    public string? NextToken { get; set; }
}

public sealed class CreateModelOutput
{
    public required string ModelArn { get; set; }
}

public sealed class CreateEndpointConfigOutput
{
    public required string EndpointConfigArn { get; set; }
}
