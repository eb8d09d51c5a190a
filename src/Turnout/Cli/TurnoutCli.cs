using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Turnout.Cli;

/// <summary>The <c>turnout</c> command line.</summary>
internal static class TurnoutCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand($$"""
            Turnout: serve XGBoost models behind SageMaker-compatible A/B endpoints on your own machines.

            Client commands talk to --endpoint-url (default $TURNOUT_ENDPOINT_URL or http://127.0.0.1:8080), sign
            with SigV4 when --access-key/--secret-key, $AWS_ACCESS_KEY_ID/$AWS_SECRET_ACCESS_KEY or --profile give
            keys, and print tables (--output json for scripts).

            {{ExitCodes.Help}}

            Examples:
              turnout demo                                          # the whole A/B flow in one command
              turnout serve
              turnout apply -f examples/churn-ab/endpoint.yaml
              turnout endpoints set-weights churn-ab Variant1=25 Variant2=75
              turnout invoke churn-ab --file rows.csv
              turnout metrics churn-ab --since 15m
              eval "$(turnout completion bash)"
            """)
        {
            ServeCommand.Create(),
            Demo.DemoCommand.Create(),
            EvaluateCommand.Create(),
            ReportCommand.Create(),
            GroundTruthCommand.Create(),
            Commands.ModelsCommand.Create(),
            Commands.ConfigsCommand.Create(),
            Commands.EndpointsCommand.Create(),
            Commands.InvokeCommand.Create(),
            Commands.MetricsCommand.Create(),
            Apply.ApplyCommand.Create(),
            Commands.CompletionCommand.Create(),
        };
        ShortListings(root);
        var parsed = root.Parse(args);
        // System.CommandLine ends the process 2 s after SIGTERM by default, cutting off requests that `serve` is
        // still draining; the host's own shutdown timeout (30 s) must be what bounds a graceful stop.
        var code = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(35) }).ConfigureAwait(false);
        // System.CommandLine reports its own parse errors (unknown command, missing argument) with 1; ours is 2.
        return parsed.Errors.Count > 0 && code == 1 ? ExitCodes.Usage : code;
    }

    /// <summary>In lists of subcommands, only the first paragraph of each description; its own --help shows all of it.</summary>
    private static void ShortListings(RootCommand root)
    {
        if (root.Options.OfType<HelpOption>().FirstOrDefault() is { Action: HelpAction help } option)
        {
            option.Action = new ShortListingHelp(help);
        }
    }

    /// <summary>The description up to its first ": " or ". " (past a short lead-in such as "Models: "), on one line.</summary>
    internal static string Summary(string? description)
    {
        var text = (description ?? "").Split("\n\n")[0].ReplaceLineEndings(" ");
        var cut = new[] { text.IndexOf(": ", StringComparison.Ordinal), text.IndexOf(". ", StringComparison.Ordinal) }.Where(i => i >= 25).DefaultIfEmpty(-1).Min();
        return cut > 0 ? text[..cut] + "." : text;
    }

    private sealed class ShortListingHelp(HelpAction inner) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var saved = parseResult.CommandResult.Command.Subcommands.Select(c => (Command: c, c.Description)).ToList();
            foreach (var (command, description) in saved)
            {
                command.Description = Summary(description);
            }

            try
            {
                return inner.Invoke(parseResult);
            }
            finally
            {
                foreach (var (command, description) in saved)
                {
                    command.Description = description;
                }
            }
        }
    }
}
