namespace Turnout.Cli;

/// <summary>The user's arguments or input are wrong; reported with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
