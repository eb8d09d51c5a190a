namespace Turnout.ControlPlane.Endpoints;

/// <summary>The VariantStatus values a deployment reports for its incoming fleet.</summary>
public static class DeploymentPhase
{
    public const string Creating = "Creating";
    public const string ActivatingTraffic = "ActivatingTraffic";
    public const string Baking = "Baking";
    public const string Deleting = "Deleting";
}
