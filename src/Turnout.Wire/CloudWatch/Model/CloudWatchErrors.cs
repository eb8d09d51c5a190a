namespace Turnout.Wire.CloudWatch.Model;

/// <summary>CloudWatch's query-protocol error codes (spec §3).</summary>
internal static class CloudWatchErrors
{
    public const string InvalidParameterValue = "InvalidParameterValue";
    public const string MissingParameter = "MissingParameter";
    public const string InvalidParameterCombination = "InvalidParameterCombination";
    public const string InvalidNextToken = "InvalidNextToken";
    public const string InternalServiceError = "InternalServiceError";
    public const string InvalidAction = "InvalidAction";
    public const string MissingAction = "MissingAction";
    public const string UnknownOperation = "UnknownOperationException";
    public const string Serialization = "SerializationException";
}
