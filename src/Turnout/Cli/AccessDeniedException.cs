namespace Turnout.Cli;

/// <summary>The server refused the request's signature or the key's permissions; reported with exit code 5.</summary>
internal sealed class AccessDeniedException(string message) : Exception(message);
