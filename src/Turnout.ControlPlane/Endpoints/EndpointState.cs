using System.Text.Json;
using Turnout.ControlPlane.Shapes;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>The JSON document kept with each endpoint row.</summary>
public sealed class EndpointState
{
    public List<VariantState> Variants { get; set; } = [];
    public List<Tag>? Tags { get; set; }
    public DeploymentConfig? DeploymentConfig { get; set; }

    /// <summary>The blue/green deployment in progress, if any; <see cref="Variants"/> stays the live fleet until it commits.</summary>
    public PendingDeployment? Pending { get; set; }
    public DataCaptureConfig? DataCaptureConfig { get; set; }

    /// <summary>When the running operation (create or update) started, for VariantStatus.StartTime.</summary>
    public DateTimeOffset? OperationStartTime { get; set; }

    public static EndpointState Parse(string document) => JsonSerializer.Deserialize<EndpointState>(document, WireJson.Options)!;

    public string Serialize() => JsonSerializer.Serialize(this, WireJson.Options);
}
