namespace Turnout.Cli;

/// <summary>The server could not be reached or answered with an error; reported with exit code 3.</summary>
internal sealed class EndpointException(string message, Exception? inner = null) : Exception(message, inner);
