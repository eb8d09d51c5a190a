namespace Turnout.Cli;

/// <summary>
/// Process exit codes scripts can rely on (also listed in README "CLI" and in <c>turnout --help</c>).
/// 1 is left to System.CommandLine and the runtime for anything unexpected.
/// </summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments or input file, or the server refused the input as invalid.</summary>
    public const int Usage = 2;

    /// <summary>The endpoint could not be described or invoked (connection, HTTP error, not InService, a failed deployment).</summary>
    public const int Endpoint = 3;

    /// <summary>The named model, endpoint config, endpoint or variant does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>The server refused the credentials (unsigned, unknown key, wrong secret, not allowed).</summary>
    public const int AccessDenied = 5;

    public const string Help = """
        Exit codes: 0 success, 2 bad arguments or input, 3 server or endpoint error, 4 not found,
        5 access denied (signature or permissions).
        """;
}
