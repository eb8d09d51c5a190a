namespace Turnout.Wire.CloudWatch.Cbor;

/// <summary>The body is not well-formed CBOR (or uses a feature this decoder does not accept).</summary>
internal sealed class CborFormatException(string message) : Exception(message);
