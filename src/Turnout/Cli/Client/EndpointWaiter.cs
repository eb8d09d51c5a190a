using System.Diagnostics;
using System.Text.Json.Nodes;
using Spectre.Console;
using Turnout.Cli.Output;

namespace Turnout.Cli.Client;

/// <summary>
/// Polls DescribeEndpoint until the endpoint leaves Creating/Updating, showing a spinner on a terminal and
/// one line per change of status or deployment step otherwise (on stderr).
/// </summary>
internal static class EndpointWaiter
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    /// <param name="expectedConfig">For an update: the config it should end on; ending elsewhere means it rolled back.</param>
    /// <returns>The final DescribeEndpoint answer (InService).</returns>
    /// <exception cref="EndpointException">The endpoint failed, the deployment rolled back, or the deadline passed.</exception>
    public static async Task<JsonNode> WaitAsync(TurnoutClient client, string endpoint, Printer printer, TimeSpan timeout, CancellationToken cancellationToken, string? expectedConfig = null)
    {
        var stopwatch = Stopwatch.StartNew();
        JsonNode? last = null;
        string? lastLine = null;

        async Task<JsonNode> Loop(Action<string> show)
        {
            while (true)
            {
                var described = await client.SageMakerAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = endpoint }, cancellationToken).ConfigureAwait(false);
                last = described;
                var status = described["EndpointStatus"]?.GetValue<string>() ?? "";
                var line = Describe(described);
                if (line != lastLine)
                {
                    show(line);
                    lastLine = line;
                }

                if (status is not ("Creating" or "Updating" or "SystemUpdating" or "RollingBack"))
                {
                    return described;
                }

                if (stopwatch.Elapsed > timeout)
                {
                    throw new EndpointException($"{endpoint} is still {status} after {timeout.TotalSeconds:0} s; check `turnout endpoints describe {endpoint}`.");
                }

                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }

        JsonNode final;
        if (printer.Interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(printer.Error) });
            final = await console.Status().Spinner(Spinner.Known.Dots).StartAsync($"{Markup.Escape(endpoint)}: waiting", context =>
                Loop(line => context.Status(Markup.Escape($"{endpoint}: {line}")))).ConfigureAwait(false);
        }
        else
        {
            final = await Loop(line => printer.Note($"{endpoint}: {line}")).ConfigureAwait(false);
        }

        var finalStatus = final["EndpointStatus"]?.GetValue<string>();
        var reason = final["FailureReason"]?.GetValue<string>();
        if (finalStatus != "InService")
        {
            throw new EndpointException($"{endpoint} is {finalStatus}: {reason ?? "no reason given"}");
        }

        if (expectedConfig is not null && final["EndpointConfigName"]?.GetValue<string>() != expectedConfig)
        {
            // InService on the old config: the update rolled back.
            throw new EndpointException($"{endpoint} stayed on {final["EndpointConfigName"]}: {reason}");
        }

        return final;
    }

    /// <summary>"Updating: The new fleet receives 10% of the endpoint's traffic." or the bare status.</summary>
    private static string Describe(JsonNode described)
    {
        var status = described["EndpointStatus"]?.GetValue<string>() ?? "?";
        var pending = described["PendingDeploymentSummary"]?["ProductionVariants"]?.AsArray()
            .SelectMany(v => v?["VariantStatus"]?.AsArray() ?? [])
            .Select(s => s?["StatusMessage"]?.GetValue<string>())
            .FirstOrDefault(m => m is not null);
        return pending is null ? status : $"{status}: {pending}";
    }
}
