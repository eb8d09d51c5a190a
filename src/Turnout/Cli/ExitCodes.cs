namespace Turnout.Cli;

/// <summary>Process exit codes scripts can rely on.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad arguments or input file.</summary>
    public const int Usage = 2;

    /// <summary>The endpoint could not be described or invoked (connection, HTTP error, not InService).</summary>
    public const int Endpoint = 3;
}
