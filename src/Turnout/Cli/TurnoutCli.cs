using System.CommandLine;

namespace Turnout.Cli;

/// <summary>The <c>turnout</c> command line.</summary>
internal static class TurnoutCli
{
    public static Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Turnout: serve XGBoost models behind SageMaker-compatible A/B endpoints on your own machines.")
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
        };
        return root.Parse(args).InvokeAsync();
    }
}
