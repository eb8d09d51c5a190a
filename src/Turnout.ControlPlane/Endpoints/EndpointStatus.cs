namespace Turnout.ControlPlane.Endpoints;

/// <summary>SageMaker's EndpointStatus values that Turnout uses.</summary>
public static class EndpointStatus
{
    public const string Creating = "Creating";
    public const string Updating = "Updating";
    public const string InService = "InService";
    public const string RollingBack = "RollingBack";
    public const string Deleting = "Deleting";
    public const string Failed = "Failed";
}
