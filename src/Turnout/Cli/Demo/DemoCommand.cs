using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Turnout.Analysis.Comparison;
using Turnout.Cli.Client;
using Turnout.Cli.Commands;
using Turnout.Cli.Output;
using Turnout.Cli.Parsing;

namespace Turnout.Cli.Demo;

/// <summary>
/// <c>turnout demo</c>: the AWS notebook's A/B test end to end on a server started in this process — deploy,
/// traffic, live split, evaluation with intervals, shift weights, remove the loser — narrated step by step.
/// </summary>
internal static class DemoCommand
{
    public const string Endpoint = "churn-ab";
    private static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(5);

    public static Command Create()
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep the server's state here (default: a temp directory, deleted at the end unless --keep-running)." };
        var urls = new Option<string>("--urls") { Description = "Address for the demo server; port 0 picks a free port.", DefaultValueFactory = _ => "http://127.0.0.1:0" };
        var keep = new Option<bool>("--keep-running") { Description = "Leave the server running after the demo (for the dashboard at /ui and the CLI); Ctrl+C stops it." };
        var rows = new Option<int>("--rows") { Description = "Requests per traffic phase (the notebook's test set has 334 rows).", DefaultValueFactory = _ => 334 };
        var command = new Command("demo", $"""
            Run the AWS notebook "A/B Testing with Amazon SageMaker" on this machine in one command: start a
            server, deploy the notebook's two churn models as Variant1/Variant2 at 50/50, send its test traffic,
            show the live split, evaluate both variants with confidence intervals, shift to 25/75 and 0/100
            toward the better one, and remove the other. Needs nothing but this binary.

            {ExitCodes.Help}

            Examples:
              turnout demo
              turnout demo --keep-running --urls http://127.0.0.1:8080     # then open http://127.0.0.1:8080/ui
            """)
        {
            dataDir, urls, keep, rows,
        };
        CliAction.Set(command, "demo", (parse, ct) => RunAsync(Printer.For(parse, OutputFormat.Table), parse.GetValue(dataDir), parse.GetValue(urls)!, parse.GetValue(keep), parse.GetValue(rows), ct));
        return command;
    }

    public static async Task<int> RunAsync(Printer printer, string? dataDir, string urls, bool keepRunning, int rowsPerPhase, CancellationToken ct)
    {
        if (rowsPerPhase is < 10 or > 100_000)
        {
            throw new UsageException("--rows must be between 10 and 100000.");
        }

        var clock = Stopwatch.StartNew();
        var temporary = dataDir is null;
        var directory = Path.GetFullPath(dataDir ?? Path.Combine(Path.GetTempPath(), "turnout-demo-" + Guid.NewGuid().ToString("N")[..8]));
        var assets = Directory.CreateDirectory(Path.Combine(directory, "demo-assets")).FullName;
        try
        {
            printer.Say("[bold]Turnout demo[/]: the AWS notebook \"A/B Testing with Amazon SageMaker\", on this machine.");
            DemoServer server;
            try
            {
                server = await DemoServer.StartAsync(urls, directory, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or Turnout.Wire.Auth.StartupRefusedException)
            {
                throw new UsageException($"--urls {urls}: the server could not start: {e.Message}");
            }

            await using (server.ConfigureAwait(false))
            {
                using var client = new TurnoutClient(new ClientSettings(server.Url, null, "us-east-1", OutputFormat.Table));
                Step(printer, 1, $"Server started at {server.Url.ToString().TrimEnd('/')} (state in {directory}).");
                await RunStepsAsync(client, printer, assets, rowsPerPhase, ct).ConfigureAwait(false);
                printer.Say($"[green]Demo complete[/] in {clock.Elapsed.TotalSeconds:0.0} s.");
                if (keepRunning)
                {
                    var url = server.Url.ToString().TrimEnd('/');
                    printer.Say($"Server still running at {url}; dashboard at {url}/ui. Try:");
                    printer.Say($"  turnout endpoints describe {Endpoint} --endpoint-url {url}");
                    printer.Say($"  turnout metrics {Endpoint} --endpoint-url {url}");
                    printer.Say("Press Ctrl+C to stop.");
                    await printer.Out.FlushAsync(ct).ConfigureAwait(false);
                    try
                    {
                        await server.WaitForShutdownAsync(ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }

            return ExitCodes.Ok;
        }
        finally
        {
            if (temporary)
            {
                TryDelete(directory);
            }
        }
    }

    private static async Task RunStepsAsync(TurnoutClient client, Printer printer, string assets, int rowsPerPhase, CancellationToken ct)
    {
        // 2. Deploy: the notebook's two models behind one endpoint at 50/50.
        await RemovePreviousAsync(client, ct).ConfigureAwait(false);
        var model1 = new Uri(DemoAssets.Extract(DemoAssets.Model1, assets)).AbsoluteUri;
        var model2 = new Uri(DemoAssets.Extract(DemoAssets.Model2, assets)).AbsoluteUri;
        const string image = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-1-cpu-py3";
        await client.SageMakerAsync("CreateModel", ModelsCommand.Input("churn-a", model1, image, ModelsCommand.DefaultRole), ct).ConfigureAwait(false);
        await client.SageMakerAsync("CreateModel", ModelsCommand.Input("churn-b", model2, image, ModelsCommand.DefaultRole), ct).ConfigureAwait(false);
        await client.SageMakerAsync("CreateEndpointConfig", ConfigsCommand.Input("churn-ab-v1",
            [new VariantSpec("Variant1", "churn-a", 1, 1), new VariantSpec("Variant2", "churn-b", 1, 1)], ConfigsCommand.DefaultInstanceType), ct).ConfigureAwait(false);
        var deploy = Stopwatch.StartNew();
        await client.SageMakerAsync("CreateEndpoint", new JsonObject { ["EndpointName"] = Endpoint, ["EndpointConfigName"] = "churn-ab-v1" }, ct).ConfigureAwait(false);
        await EndpointWaiter.WaitAsync(client, Endpoint, Quiet(printer), WaitLimit, ct).ConfigureAwait(false);
        Step(printer, 2, $"Deployed the notebook's two XGBoost churn models as Variant1 (churn-a) and Variant2 (churn-b), weights 1:1; endpoint {Endpoint} InService in {deploy.Elapsed.TotalSeconds:0.0} s.");

        // 3. Traffic at 50/50, and the split it produced.
        var (labelled, inputs) = DemoAssets.TestRows(assets);
        var rows = Enumerable.Range(0, rowsPerPhase).Select(i => inputs[i % inputs.Count]).ToList();
        var split = await SendAsync(client, printer, rows, "50/50", ct).ConfigureAwait(false);
        Step(printer, 3, $"Sent {rows.Count} rows of the notebook's test traffic, one request each. Live split: {InvokeCommand.SplitText(split, rows.Count)}.");
        await ShowMetricsAsync(client, printer, ct).ConfigureAwait(false);

        // 4. Evaluate both variants on the labelled rows, with intervals.
        Step(printer, 4, $"Evaluating both variants on the {inputs.Count} labelled rows (each row sent to each variant with TargetVariant):");
        var settings = new EvaluateSettings { Endpoint = Endpoint, DataPath = labelled, EndpointUrl = client.Settings.EndpointUrl.ToString() };
        var (report, count) = await EvaluateCommand.ComputeAsync(settings, client.Http, printer.Error, printer.Interactive, ct).ConfigureAwait(false);
        EvaluateTableWriter.Write(printer.Out, printer.Terminal, Endpoint, count, report);
        var (winner, why) = Winner(report);
        var loser = winner == "Variant1" ? "Variant2" : "Variant1";
        printer.Say($"   Winner: [bold]{winner}[/] ({Markup.Escape(why)}).");

        // 5-6. Shift traffic toward the winner in two steps, checking the traffic follows.
        var step = 5;
        foreach (var (winnerWeight, loserWeight) in new[] { (75, 25), (100, 0) })
        {
            await client.SageMakerAsync("UpdateEndpointWeightsAndCapacities", EndpointsCommand.WeightsInput(Endpoint,
                [new VariantWeight(loser, loserWeight, null), new VariantWeight(winner, winnerWeight, null)]), ct).ConfigureAwait(false);
            await EndpointWaiter.WaitAsync(client, Endpoint, Quiet(printer), WaitLimit, ct).ConfigureAwait(false);
            var label = $"{loser} {loserWeight} / {winner} {winnerWeight}";
            split = await SendAsync(client, printer, rows, label, ct).ConfigureAwait(false);
            Step(printer, step++, $"Shifted weights to {label} (UpdateEndpointWeightsAndCapacities, no redeploy). Live split: {InvokeCommand.SplitText(split, rows.Count)}.");
        }

        // 7. Remove the loser: a one-variant config, rolled out blue/green.
        var winnerModel = winner == "Variant1" ? "churn-a" : "churn-b";
        await client.SageMakerAsync("CreateEndpointConfig", ConfigsCommand.Input("churn-ab-v2",
            [new VariantSpec(winner, winnerModel, 1, 1)], ConfigsCommand.DefaultInstanceType), ct).ConfigureAwait(false);
        await client.SageMakerAsync("UpdateEndpoint", new JsonObject { ["EndpointName"] = Endpoint, ["EndpointConfigName"] = "churn-ab-v2" }, ct).ConfigureAwait(false);
        var final = await EndpointWaiter.WaitAsync(client, Endpoint, Quiet(printer), WaitLimit, ct, "churn-ab-v2").ConfigureAwait(false);
        var remaining = string.Join(", ", (final["ProductionVariants"]?.AsArray() ?? []).Select(v => v?["VariantName"]?.ToString()));
        Step(printer, step, $"Removed {loser}: config churn-ab-v2 with {winner} only, rolled out blue/green (UpdateEndpoint). {Endpoint} now serves {remaining}.");
        EndpointsCommand.WriteEndpoint(printer, final);
    }

    /// <summary>The verdict's variant when the test decided; otherwise the better point estimate, said plainly.</summary>
    internal static (string Variant, string Why) Winner(EvaluationReport report)
    {
        var rec = report.Recommendation;
        if (rec.Verdict == Verdict.Ship && rec.Variant is { } ship)
        {
            return (ship, $"better {report.PrimaryMetric} than {report.Baseline}, and the interval excludes no difference");
        }

        var metric = report.PrimaryMetric;
        var higherIsBetter = metric is not (MetricNames.Rmse or MetricNames.Mae or MetricNames.LogLoss or MetricNames.Brier or MetricNames.Mape);
        var best = (higherIsBetter ? report.Variants.OrderByDescending(v => v.Value(metric)) : report.Variants.OrderBy(v => v.Value(metric))).First();
        var value = best.Value(metric).ToString("0.000", CultureInfo.InvariantCulture);
        return rec.Verdict == Verdict.KeepBaseline
            ? (report.Baseline, $"the challenger is worse on {metric}")
            : (best.Variant, $"higher {metric}, {value}, though with {report.Variants.Min(v => v.Count)} rows the interval does not rule out no difference; the notebook moves to it all the same");
    }

    private static async Task<List<(string Variant, int Count)>> SendAsync(TurnoutClient client, Printer printer, IReadOnlyList<string> rows, string label, CancellationToken ct)
    {
        var answered = new string[rows.Count];
        var task = "traffic " + label;
        await ReplayProgress.RunAsync(printer.Interactive, printer.Error, [task], rows.Count, async advance =>
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (i, token) =>
            {
                answered[i] = (await client.InvokeAsync(Endpoint, rows[i], "text/csv", null, token).ConfigureAwait(false)).Variant;
                advance(task);
            }).ConfigureAwait(false)).ConfigureAwait(false);
        return new[] { "Variant1", "Variant2" }.Select(v => (v, answered.Count(a => a == v))).ToList();
    }

    private static async Task ShowMetricsAsync(TurnoutClient client, Printer printer, CancellationToken ct)
    {
        var end = DateTimeOffset.UtcNow;
        var lines = new List<string>();
        foreach (var variant in new[] { "Variant1", "Variant2" })
        {
            var m = await MetricsCommand.ReadAsync(client, Endpoint, variant, end.AddMinutes(-10), end, ct).ConfigureAwait(false);
            lines.Add(FormattableString.Invariant($"{variant} {m.Invocations:0} invocations, ModelLatency p50 {m.LatencyP50 ?? 0:0} µs, p99 {m.LatencyP99 ?? 0:0} µs"));
        }

        printer.Say("   CloudWatch (GetMetricStatistics) agrees: " + Markup.Escape(string.Join("; ", lines)) + ".");
    }

    private static async Task RemovePreviousAsync(TurnoutClient client, CancellationToken ct)
    {
        foreach (var (operation, member, name) in new[]
        {
            ("DeleteEndpoint", "EndpointName", Endpoint), ("DeleteEndpointConfig", "EndpointConfigName", "churn-ab-v1"),
            ("DeleteEndpointConfig", "EndpointConfigName", "churn-ab-v2"), ("DeleteModel", "ModelName", "churn-a"), ("DeleteModel", "ModelName", "churn-b"),
        })
        {
            try
            {
                await client.SageMakerAsync(operation, new JsonObject { [member] = name }, ct).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
            }
        }
    }

    /// <summary>Waits without narrating every status change: the step line says what happened.</summary>
    private static Printer Quiet(Printer printer) => new(printer.Out, TextWriter.Null, OutputFormat.Table, terminal: false);

    private static void Step(Printer printer, int number, string text) => printer.Say($"[blue]{number}.[/] {Markup.Escape(text)}");

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
