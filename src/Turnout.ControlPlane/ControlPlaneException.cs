namespace Turnout.ControlPlane;

/// <summary>A control-plane call refused, with the AWS error code clients match on (almost always ValidationException).</summary>
public sealed class ControlPlaneException(string code, string message, int statusCode = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;

    public static ControlPlaneException Validation(string message) => new("ValidationException", message);

    public static ControlPlaneException NotFound(string kind, string arn) => Validation($"Could not find {kind} \"{arn}\".");

    public static ControlPlaneException AlreadyExists(string kind, string arn) => Validation($"Cannot create already existing {kind} \"{arn}\".");
}
