namespace Turnout.Cli;

/// <summary>The named model, config, endpoint or variant does not exist; reported with exit code 4.</summary>
internal sealed class NotFoundException(string message) : Exception(message);
