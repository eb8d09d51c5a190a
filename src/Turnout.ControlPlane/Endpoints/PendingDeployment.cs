using System.Text.Json;
using Turnout.ControlPlane.Shapes;

namespace Turnout.ControlPlane.Endpoints;

/// <summary>
/// The durable record of an UpdateEndpoint in progress: the incoming fleet and how far traffic has moved.
/// After a crash, a deployment that has not <see cref="Committed"/> rolls back to the live fleet; a
/// committed one completes to the new config. Either way the endpoint ends on one config, never a mix.
/// </summary>
public sealed class PendingDeployment
{
    public required string EndpointConfigName { get; set; }
    public List<VariantState> Variants { get; set; } = [];
    public DeploymentConfig? DeploymentConfig { get; set; }
    public DataCaptureConfig? DataCaptureConfig { get; set; }
    public DateTimeOffset StartTime { get; set; }

    /// <summary>Creating (loading the new fleet), ActivatingTraffic, Baking.</summary>
    public string Phase { get; set; } = DeploymentPhase.Creating;

    /// <summary>The fraction of traffic, 0–1, the incoming fleet takes now.</summary>
    public double TrafficShare { get; set; }

    public DateTimeOffset PhaseStartTime { get; set; }

    /// <summary>Every step and the baking period passed: from here the new config is the outcome.</summary>
    public bool Committed { get; set; }
}
