namespace Turnout.Wire.CloudWatch.Model;

/// <summary>A CloudWatch error: the query-protocol code (e.g. InvalidParameterValue), HTTP status and fault side.</summary>
internal sealed class CloudWatchException(string code, string message, int statusCode = 400, bool senderFault = true)
    : Exception(message)
{
    public string Code { get; } = code;
    public int StatusCode { get; } = statusCode;
    public bool SenderFault { get; } = senderFault;

    /// <summary>The modelled shape name JSON/CBOR clients see in __type (cloudwatch service-2.json).</summary>
    public string ShapeName => Code switch
    {
        CloudWatchErrors.InvalidParameterValue => "InvalidParameterValueException",
        CloudWatchErrors.MissingParameter => "MissingRequiredParameterException",
        CloudWatchErrors.InvalidParameterCombination => "InvalidParameterCombinationException",
        CloudWatchErrors.InternalServiceError => "InternalServiceFault",
        _ => Code,
    };

    public static CloudWatchException Missing(string parameter) =>
        new(CloudWatchErrors.MissingParameter, $"The parameter {parameter} is required.");

    public static CloudWatchException Invalid(string message) =>
        new(CloudWatchErrors.InvalidParameterValue, message);

    public static CloudWatchException Combination(string message) =>
        new(CloudWatchErrors.InvalidParameterCombination, message);
}
