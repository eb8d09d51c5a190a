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
            EvaluateCommand.Create(),
            ReportCommand.Create(),
            GroundTruthCommand.Create(),
        };
        // System.CommandLine ends the process 2 s after SIGTERM by default, cutting off requests that `serve` is
        // still draining; the host's own shutdown timeout (30 s) must be what bounds a graceful stop.
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(35) });
    }
}
