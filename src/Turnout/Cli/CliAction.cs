using System.CommandLine;
using System.CommandLine.Invocation;

namespace Turnout.Cli;

/// <summary>
/// The action of every client command: parse errors and the CLI's exceptions become the documented exit
/// codes with one "turnout COMMAND: message" line on stderr.
/// </summary>
internal sealed class CliAction(string name, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        var error = parseResult.InvocationConfiguration.Error;
        if (parseResult.Errors.Count > 0)
        {
            foreach (var e in parseResult.Errors)
            {
                await error.WriteLineAsync($"turnout {name}: {e.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync($"See `turnout {name} --help`.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            return await run(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (Code(e) is { } code)
        {
            await error.WriteLineAsync($"turnout {name}: {e.Message}").ConfigureAwait(false);
            return code;
        }
    }

    internal static int? Code(Exception e) => e switch
    {
        UsageException => ExitCodes.Usage,
        EndpointException => ExitCodes.Endpoint,
        NotFoundException => ExitCodes.NotFound,
        AccessDeniedException => ExitCodes.AccessDenied,
        _ => null,
    };

    /// <summary>Sets a <see cref="CliAction"/> on <paramref name="command"/> named by its path ("endpoints set-weights").</summary>
    public static void Set(Command command, string name, Func<ParseResult, CancellationToken, Task<int>> run) => command.Action = new CliAction(name, run);
}
