using System.CommandLine;
using System.CommandLine.Invocation;
using Turnout.Analysis;
using Turnout.Analysis.Comparison;

namespace Turnout.Cli;

/// <summary>
/// <c>turnout evaluate</c>: replays a labelled CSV through every variant of an endpoint (TargetVariant), then
/// prints each variant's quality, the differences against the baseline with intervals, and a recommendation.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly string[] Problems = ["auto", "binary", "regression", "multiclass"];

    public static Command Create()
    {
        var endpoint = new Option<string>("--endpoint") { Description = "Endpoint name." };
        var data = new Option<string>("--data") { Description = "Labelled CSV file: one row per line, no header needed, label in --label-column." };
        var labelColumn = new Option<int>("--label-column") { Description = "0-based column holding the label; the other columns are sent to the model.", DefaultValueFactory = _ => 0 };
        var threshold = new Option<double>("--threshold") { Description = "Binary models: a score strictly above it is class 1 (as in the AWS notebook).", DefaultValueFactory = _ => 0.5 };
        var baseline = new Option<string?>("--baseline") { Description = "Variant the others are compared with (default: the endpoint's first variant)." };
        var metric = new Option<string?>("--metric") { Description = "Metric the recommendation is based on (default: roc_auc, rmse or accuracy)." };
        var url = new Option<string>("--endpoint-url") { Description = "Turnout server URL.", DefaultValueFactory = _ => Client.GlobalOptions.EnvironmentUrl };
        var output = new Option<string>("--output") { Description = "table (default) or json.", DefaultValueFactory = _ => "table" };
        var problem = new Option<string>("--problem") { Description = "auto, binary, regression or multiclass.", DefaultValueFactory = _ => "auto" };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight.", DefaultValueFactory = _ => 4 };
        var mde = new Option<double>("--min-effect") { Description = "Smallest difference worth detecting (absolute for rates and AUC, relative for error metrics).", DefaultValueFactory = _ => 0.02 };

        var command = new Command("evaluate", """
            Replay a labelled file through every variant and compare their model quality.

            Exit codes: 0 done, 2 usage error, 3 endpoint or server error.

            Examples:
              turnout evaluate --endpoint churn-ab --data test-dataset.csv
              turnout evaluate --endpoint churn-ab --data test-dataset.csv --baseline Variant1 --output json
            """)
        {
            endpoint, data, labelColumn, threshold, baseline, metric, url, output, problem, concurrency, mde,
        };
        command.Action = new EvaluateAction(parse => new EvaluateSettings
        {
            Endpoint = parse.GetValue(endpoint) ?? "",
            DataPath = parse.GetValue(data) ?? "",
            LabelColumn = parse.GetValue(labelColumn),
            Threshold = parse.GetValue(threshold),
            Baseline = parse.GetValue(baseline),
            PrimaryMetric = parse.GetValue(metric),
            EndpointUrl = parse.GetValue(url)!,
            Output = parse.GetValue(output)!,
            Problem = parse.GetValue(problem)!,
            Concurrency = parse.GetValue(concurrency),
            MinimumDetectableEffect = parse.GetValue(mde),
        });
        return command;
    }

    /// <summary>Runs the evaluation; writes the report to <paramref name="output"/> and progress and errors to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(EvaluateSettings settings, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        try
        {
            var baseAddress = Validate(settings);
            using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
            http.BaseAddress = baseAddress;
            http.Timeout = TimeSpan.FromSeconds(60);
            var (report, rows) = await ComputeAsync(settings, http, error, interactive, cancellationToken).ConfigureAwait(false);

            if (settings.Output == "json")
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                Turnout.Analysis.Reporting.ReportJsonWriter.Write(buffer, settings.Endpoint, report);
                await output.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                EvaluateTableWriter.Write(output, interactive, settings.Endpoint, rows, report);
            }

            return ExitCodes.Ok;
        }
        catch (UsageException e)
        {
            error.WriteLine($"turnout evaluate: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (EndpointException e)
        {
            error.WriteLine($"turnout evaluate: {e.Message}");
            return ExitCodes.Endpoint;
        }
    }

    /// <summary>Replays the file through every variant of the endpoint <paramref name="http"/> points at and compares them.</summary>
    /// <exception cref="UsageException">Bad input.</exception>
    /// <exception cref="EndpointException">The endpoint is not usable.</exception>
    internal static async Task<(EvaluationReport Report, int Rows)> ComputeAsync(EvaluateSettings settings, HttpClient http, TextWriter error, bool interactive, CancellationToken cancellationToken)
    {
        var csv = LabeledCsv.Read(settings.DataPath, settings.LabelColumn);
        var client = new SageMakerClient(http);

        var (status, variants) = await client.DescribeEndpointAsync(settings.Endpoint, cancellationToken).ConfigureAwait(false);
        if (status is not ("InService" or "Updating" or "SystemUpdating"))
        {
            throw new EndpointException($"Endpoint '{settings.Endpoint}' is {status}; it must be InService to be evaluated.");
        }

        if (variants.Count == 0)
        {
            throw new EndpointException($"Endpoint '{settings.Endpoint}' has no production variants.");
        }

        if (settings.Baseline is { } b && !variants.Contains(b))
        {
            throw new UsageException($"--baseline: endpoint '{settings.Endpoint}' has no variant '{b}' (it has {string.Join(", ", variants)}).");
        }

        if (csv.HadHeader)
        {
            error.WriteLine($"{settings.DataPath}: first line treated as a header.");
        }

        double[][][] predictions = [];
        await ReplayProgress.RunAsync(interactive, error, variants, csv.Payloads.Count, async advance =>
            predictions = await EvaluateReplay.RunAsync(client, settings.Endpoint, variants, csv.Payloads, settings.Concurrency, advance, cancellationToken).ConfigureAwait(false))
            .ConfigureAwait(false);

        var kind = Kind(settings.Problem, csv.Labels, predictions);
        var now = DateTimeOffset.UtcNow;
        var observations = variants.Select((v, i) => new VariantObservations(v,
            predictions[i].Select((p, row) => new Observation(p, csv.Labels[row], now)).ToArray())).ToArray();
        EvaluationReport report;
        try
        {
            report = VariantComparer.Evaluate(kind, observations, new ComparisonOptions
            {
                Threshold = settings.Threshold,
                Baseline = settings.Baseline,
                PrimaryMetric = settings.PrimaryMetric,
                MinimumDetectableEffect = settings.MinimumDetectableEffect,
                // Every variant scored the same rows: paired intervals. One planned look: fixed-sample verdict.
                Paired = true,
            });
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        return (report, csv.Payloads.Count);
    }

    private static Uri Validate(EvaluateSettings s)
    {
        if (string.IsNullOrWhiteSpace(s.Endpoint))
        {
            throw new UsageException("--endpoint is required.");
        }

        if (string.IsNullOrWhiteSpace(s.DataPath))
        {
            throw new UsageException("--data is required.");
        }

        if (s.LabelColumn < 0)
        {
            throw new UsageException("--label-column must be 0 or more.");
        }

        if (s.Concurrency is < 1 or > 64)
        {
            throw new UsageException("--concurrency must be between 1 and 64.");
        }

        if (!double.IsFinite(s.Threshold) || !(s.MinimumDetectableEffect > 0))
        {
            throw new UsageException("--threshold must be a number and --min-effect positive.");
        }

        if (s.Output is not ("table" or "json"))
        {
            throw new UsageException($"--output must be table or json, not '{s.Output}'.");
        }

        if (!Problems.Contains(s.Problem))
        {
            throw new UsageException($"--problem must be one of {string.Join(", ", Problems)}.");
        }

        if (!Uri.TryCreate(s.EndpointUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException($"--endpoint-url '{s.EndpointUrl}' is not an http(s) URL.");
        }

        return uri;
    }

    /// <summary>
    /// --problem auto: several values per prediction → multi-class; 0/1 labels with single scores in [0, 1] →
    /// binary; integer labels and integer predictions → multi-class; anything else → regression.
    /// </summary>
    internal static ProblemKind Kind(string problem, IReadOnlyList<double> labels, double[][][] predictions) => problem switch
    {
        "binary" => ProblemKind.Binary,
        "regression" => ProblemKind.Regression,
        "multiclass" => ProblemKind.Multiclass,
        _ when predictions.Any(v => v.Any(p => p.Length > 1)) => ProblemKind.Multiclass,
        _ when labels.All(l => l is 0 or 1) && predictions.All(v => v.All(p => p[0] is >= 0 and <= 1)) => ProblemKind.Binary,
        _ when labels.All(l => l == Math.Round(l)) && predictions.All(v => v.All(p => p[0] == Math.Round(p[0]))) => ProblemKind.Multiclass,
        _ => ProblemKind.Regression,
    };

    /// <summary>
    /// The command's action. It clears System.CommandLine's own parse errors so that they, too, end with exit
    /// code 2 (usage) rather than the library's 1.
    /// </summary>
    private sealed class EvaluateAction(Func<ParseResult, EvaluateSettings> bind) : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (parseResult.Errors.Count > 0)
            {
                foreach (var e in parseResult.Errors)
                {
                    error.WriteLine($"turnout evaluate: {e.Message}");
                }

                return Task.FromResult(ExitCodes.Usage);
            }

            // Progress goes to stderr, so a terminal there gets bars even when stdout is piped into jq.
            var interactive = !Console.IsErrorRedirected;
            // Signed like the other client commands when AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE are set.
            var settings = bind(parseResult);
            Client.Credentials? credentials;
            string region;
            try
            {
                var resolved = Client.GlobalOptions.Resolve(settings.EndpointUrl, "table", null, null, null, null);
                (credentials, region) = (resolved.Credentials, resolved.Region);
            }
            catch (UsageException e)
            {
                error.WriteLine($"turnout evaluate: {e.Message}");
                return Task.FromResult(ExitCodes.Usage);
            }

            return credentials is null
                ? RunAsync(settings, parseResult.InvocationConfiguration.Output, error, interactive, cancellationToken)
                : RunSignedAsync(settings, parseResult.InvocationConfiguration.Output, error, interactive, credentials, region, cancellationToken);
        }

        private static async Task<int> RunSignedAsync(EvaluateSettings settings, TextWriter output, TextWriter error, bool interactive, Client.Credentials credentials, string region, CancellationToken cancellationToken)
        {
            using var signer = new Client.SigV4Signer(credentials, region, new SocketsHttpHandler());
            return await RunAsync(settings, output, error, interactive, cancellationToken, signer).ConfigureAwait(false);
        }
    }
}
