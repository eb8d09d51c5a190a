namespace Turnout.ControlPlane.Endpoints;

/// <summary>A deployment could not be brought up; the message becomes the endpoint's FailureReason.</summary>
public sealed class DeploymentException(string message, Exception? inner = null) : Exception(message, inner);
