namespace Turnout.Runtime.Codecs;

/// <summary>
/// Why a payload could not be evaluated, with the status code the SageMaker XGBoost container would have
/// answered (415 undecodable, 400 unusable by the model). The runtime reports it as a ModelError.
/// </summary>
public sealed record DecodeError(int StatusCode, string Message);
