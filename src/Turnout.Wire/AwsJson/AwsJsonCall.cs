namespace Turnout.Wire.AwsJson;

/// <summary>How one AWS JSON 1.1 call ended, for the owning API's log line.</summary>
/// <param name="Body">The request body, or null when the call failed before it was read.</param>
/// <param name="Error">The error message sent back, or null on success.</param>
internal readonly record struct AwsJsonCall(string Operation, int Status, string RequestId, byte[]? Body, string? Error);
