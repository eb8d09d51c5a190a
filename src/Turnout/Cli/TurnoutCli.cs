using System.CommandLine;

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
        var parsed = root.Parse(args);
        var code = await parsed.InvokeAsync().ConfigureAwait(false);
        // System.CommandLine reports its own parse errors (unknown command, missing argument) with 1; ours is 2.
        return parsed.Errors.Count > 0 && code == 1 ? ExitCodes.Usage : code;
    }
}
