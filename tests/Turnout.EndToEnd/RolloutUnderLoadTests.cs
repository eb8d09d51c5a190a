using System.Formats.Tar;
using System.Globalization;
using System.IO.Compression;
using Turnout.EndToEnd.Infrastructure;
using Turnout.EndToEnd.Rollout;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// Issue 4's "done means": while three boto3 processes (clients/load.py) invoke the endpoint without pause,
/// a boto3 driver (clients/rollout_flow.py) changes weights, instance counts, does an all-at-once, a canary
/// and a linear UpdateEndpoint, a canary that an alarm rolls back and an update to a model that cannot load.
/// No invocation may fail; each answer must come from a variant live at that moment; each steady phase's
/// traffic must match its shares; CloudWatch and DescribeEndpoint must agree with what the clients saw.
/// </summary>
public sealed class RolloutUnderLoadTests(ITestOutputHelper output)
{
    private const string Endpoint = "rollout-load";
    private const string UnloadableModelUrl = "s3://turnout-examples/churn-ab/garbage.tar.gz";
    private const string AlarmName = "rollout-e2e-doomed-5xx";
    private const int LoadClients = 3;

    /// <summary>
    /// Seconds by which a request's [start, end] is widened when asking which variants were live: the server
    /// records a phase just before it publishes the routing for it, and the clients' clocks are read outside
    /// the HTTP exchange.
    /// </summary>
    private const double LiveGrace = 1.0;

    /// <summary>Seconds trimmed from each end of a steady segment before its traffic is compared with its shares.</summary>
    private const double ShareGrace = 0.25;

    private const double PredictionTolerance = 1e-6;

    private static readonly TimeSpan DriverDeadline = TimeSpan.FromSeconds(240);
    private static readonly TimeSpan LoadDeadline = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task UpdateEndpoint_EveryKindOfChangeUnderSteadyLoad_NoFailedInvocationAndEveryAnswerFromALiveVariant()
    {
        var loadPython = AwsClients.DebianBoto3;
        Assert.True(loadPython.Usable, $"{loadPython.Problem} (bash .ci/run installs Debian's python3-boto3)");
        // Both boto3 generations: Debian's for the load, the newer one on PATH (if any) for the control plane.
        var driverPython = AwsClients.PathBoto3.Usable ? AwsClients.PathBoto3 : AwsClients.DebianBoto3;
        output.WriteLine($"load clients: {loadPython.Path} ({loadPython.Version})");
        output.WriteLine($"driver: {driverPython.Path} ({driverPython.Version})");

        await using var server = await TurnoutServer.StartAsync(output);
        WriteUnloadableModel(server.S3Root);
        var work = server.WorkDir;
        var environment = AwsClientEnvironment.Create(work);
        var reportPath = Path.Combine(work, "report.json");
        var loadFiles = Enumerable.Range(1, LoadClients).Select(i => Path.Combine(work, $"load-{i}.jsonl")).ToArray();

        // Each load client waits for the driver's "ready" file (endpoint InService) and stops at its "stop" file.
        var loads = Enumerable.Range(1, LoadClients).Select(i => ClientProcess.RunAsync(
            loadPython.Path!,
            [
                Path.Combine(RepoPaths.Clients, "load.py"),
                "--endpoint-url", server.EndpointUrl,
                "--endpoint-name", Endpoint,
                "--expected", RepoPaths.ExpectedPredictions,
                "--out", loadFiles[i - 1],
                "--ready", Path.Combine(work, "ready"),
                "--stop", Path.Combine(work, "stop"),
                "--client-id", i.ToString(CultureInfo.InvariantCulture),
                "--max-seconds", "280",
            ],
            environment,
            LoadDeadline)).ToList();

        ProcessResult driver;
        try
        {
            driver = await ClientProcess.RunAsync(
                driverPython.Path!,
                [
                    Path.Combine(RepoPaths.Clients, "rollout_flow.py"),
                    "--endpoint-url", server.EndpointUrl,
                    "--endpoint-name", Endpoint,
                    "--work-dir", work,
                    "--report", reportPath,
                    "--loads", LoadClients.ToString(CultureInfo.InvariantCulture),
                    "--model-url", TurnoutServer.ModelUrl1,
                    "--model-url2", TurnoutServer.ModelUrl2,
                    "--bad-model-url", UnloadableModelUrl,
                ],
                environment,
                DriverDeadline);
        }
        finally
        {
            // The driver stops the load itself; this covers a driver that died.
            await File.WriteAllTextAsync(Path.Combine(work, "stop"), string.Empty);
        }

        var loadResults = await Task.WhenAll(loads);
        output.WriteLine("---- rollout_flow.py ----");
        output.WriteLine(driver.Output.All);
        foreach (var (result, i) in loadResults.Select((r, i) => (r, i + 1)))
        {
            output.WriteLine($"---- load.py #{i} ----");
            output.WriteLine(result.Output.Tail(20));
        }

        Assert.True(driver.Succeeded, driver.Describe("rollout_flow.py"));
        Assert.Contains("PASS: rollout flow", driver.Output.StandardOutput, StringComparison.Ordinal);
        foreach (var (result, i) in loadResults.Select((r, i) => (r, i + 1)))
        {
            Assert.True(result.Succeeded, result.Describe($"load.py #{i}"));
        }

        var report = RolloutReport.Read(reportPath);
        var responses = new List<LoadResponse>();
        foreach (var file in loadFiles)
        {
            var (read, finished) = LoadResponse.ReadFile(file);
            Assert.True(finished, $"{file} has no final 'done' line");
            responses.AddRange(read);
        }

        var timeline = RolloutTimeline.Build(report.Observations);
        WriteSummary(report, timeline, responses);

        AssertNoFailedInvocation(responses);
        AssertPredictionsMatchTheirModels(report, responses);
        AssertEveryAnswerFromALiveVariant(report, timeline, responses);
        AssertSharesPerSteadySegment(timeline, responses);
        AssertCloudWatchAgrees(report, responses);
        AssertFinalState(report, timeline, server);
    }

    private static void AssertNoFailedInvocation(List<LoadResponse> responses)
    {
        Assert.True(responses.Count > 0, "the load clients logged no response at all");
        var failed = responses.Where(r => !r.Succeeded).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {responses.Count} invocations failed:\n{string.Join('\n', failed.Take(20))}");
        var retried = responses.Where(r => r.Retries != 0).ToList();
        Assert.True(retried.Count == 0, $"{retried.Count} invocations were retried by botocore (retries are off):\n{string.Join('\n', retried.Take(20))}");
    }

    private static void AssertPredictionsMatchTheirModels(RolloutReport report, List<LoadResponse> responses)
    {
        var models = report.VariantModels;
        var rows = NotebookData.Rows.ToDictionary(r => r.Line);
        var wrong = new List<string>();
        foreach (var response in responses)
        {
            if (response.Variant is null || !models.TryGetValue(response.Variant, out var model) || model is not (1 or 2))
            {
                wrong.Add($"{response}: variant unknown to the driver or without a loadable model");
                continue;
            }

            var expected = model == 1 ? rows[response.Row].Variant1 : rows[response.Row].Variant2;
            if (!double.TryParse(response.Body, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || Math.Abs(value - expected) > PredictionTolerance)
            {
                wrong.Add($"{response}: expected model {model}'s prediction {expected}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} answers do not match the model behind their variant:\n{string.Join('\n', wrong.Take(20))}");
    }

    private static void AssertEveryAnswerFromALiveVariant(RolloutReport report, RolloutTimeline timeline, List<LoadResponse> responses)
    {
        var stale = responses
            .Where(r => !timeline.AllowedDuring(r.T0, r.T1, LiveGrace).Contains(r.Variant!))
            .Select(r => $"{r}\n    live then: {timeline.Describe(r.T0, r.T1, LiveGrace)}")
            .ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} answers came from a variant that was not live at the time:\n{string.Join('\n', stale.Take(20))}");

        // The unloadable config never took traffic, not even its loadable variant.
        var stillborn = responses.Where(r => r.Variant is "Stillborn1" or "Stillborn2").ToList();
        Assert.True(stillborn.Count == 0, $"{stillborn.Count} answers came from the config whose model could not load:\n{string.Join('\n', stillborn.Take(20))}");

        // After the alarm rolled the canary back, nothing new starts on it.
        var rolledBackAt = (double)report.Alarm["rolled_back_at"]!;
        var late = responses.Where(r => r.Variant == "Doomed1" && r.T0 > rolledBackAt + LiveGrace).ToList();
        Assert.True(late.Count == 0, $"{late.Count} requests started after the rollback was reported still reached the rolled-back canary:\n{string.Join('\n', late.Take(20))}");

        // "Any named alarm entering ALARM moves all traffic back to the old fleet within one second": a request
        // sent more than a second after set_alarm_state returned reaches the server later still, so it must not
        // be routed to the canary.
        var alarmSetAt = report.Alarm["set_at"]!.AsArray().Select(t => (double)t!).Last();
        var afterAlarm = responses.Where(r => r.Variant == "Doomed1" && r.T0 > alarmSetAt + 1.0).ToList();
        Assert.True(afterAlarm.Count == 0, $"{afterAlarm.Count} requests sent more than 1 s after the alarm went into ALARM still reached the canary:\n{string.Join('\n', afterAlarm.Take(20))}");
    }

    private void AssertSharesPerSteadySegment(RolloutTimeline timeline, List<LoadResponse> responses)
    {
        var problems = new List<string>();
        var judged = new List<string>();
        output.WriteLine("---- traffic per steady segment ----");
        foreach (var segment in timeline.SteadySegments)
        {
            var inside = responses.Where(r => r.T0 >= segment.From + ShareGrace && r.T1 <= segment.To - ShareGrace).ToList();
            var (line, problem, wasJudged) = TrafficShareCheck.Check(segment, inside);
            output.WriteLine(line);
            if (problem is not null)
            {
                problems.Add(problem);
            }

            if (wasJudged)
            {
                judged.Add(segment.Label);
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
        // The mixed phases are the point of a rollout: both must have had enough traffic to be judged.
        Assert.Contains(judged, l => l.StartsWith("ActivatingTraffic rollout-cfg-canary", StringComparison.Ordinal));
        Assert.Contains(judged, l => l.StartsWith("ActivatingTraffic rollout-cfg-linear", StringComparison.Ordinal));
    }

    private static void AssertCloudWatchAgrees(RolloutReport report, List<LoadResponse> responses)
    {
        var seen = responses.GroupBy(r => r.Variant!).ToDictionary(g => g.Key, g => (double)g.Count(), StringComparer.Ordinal);
        var cloudWatch = report.CloudWatchInvocations;
        var mismatches = report.VariantModels.Keys
            .Where(v => cloudWatch.GetValueOrDefault(v) != seen.GetValueOrDefault(v))
            .Select(v => $"{v}: CloudWatch Invocations sum {cloudWatch.GetValueOrDefault(v)}, clients saw {seen.GetValueOrDefault(v)}")
            .ToList();
        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    private static void AssertFinalState(RolloutReport report, RolloutTimeline timeline, TurnoutServer server)
    {
        var final = report.Final;
        Assert.Equal("InService", (string?)final["status"]);
        Assert.Equal("rollout-cfg-linear", (string?)final["config"]);
        Assert.Null(final["pending"]);
        var variants = final["variants"]!.AsArray()
            .Select(v => string.Create(CultureInfo.InvariantCulture, $"{(string?)v!["name"]} w={(double?)v["cw"]}/{(double?)v["dw"]} n={(int?)v["ci"]}/{(int?)v["di"]}"))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(["Linear1 w=2/2 n=1/1", "Linear2 w=1/1 n=1/1"], variants);
        var failure = (string?)final["failure"] ?? string.Empty;
        Assert.Contains("rollout-cfg-bad", failure, StringComparison.Ordinal);
        Assert.Contains("Stillborn2", failure, StringComparison.Ordinal);

        // The last steady state the clients were measured against is the one the API reports.
        var last = timeline.SteadySegments.Last();
        Assert.Equal(
            ["Linear1=0.666667", "Linear2=0.333333"],
            last.Shares!.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}={s.Value}")).Order(StringComparer.Ordinal).ToArray());

        // Both rollbacks are on record with their reasons (RollingBack itself lasts one publish, too short to poll).
        var rollbacks = server.Log.All.Split('\n').Where(l => l.Contains("rolled back", StringComparison.Ordinal)).ToList();
        Assert.True(rollbacks.Count == 2, $"expected two rollbacks in the server log:\n{string.Join('\n', rollbacks)}");
        Assert.Contains(AlarmName, rollbacks[0], StringComparison.Ordinal);
        Assert.Contains("rollout-cfg-bad", rollbacks[1], StringComparison.Ordinal);
    }

    private void WriteSummary(RolloutReport report, RolloutTimeline timeline, List<LoadResponse> responses)
    {
        output.WriteLine($"---- {responses.Count} responses; driver {report.Driver} ----");
        foreach (var phase in report.Phases)
        {
            var t0 = (double)phase!["t0"]!;
            var t1 = (double)phase["t1"]!;
            var n = responses.Count(r => r.T0 >= t0 && r.T1 <= t1);
            var labels = string.Join(" | ", phase["labels"]!.AsArray().Select(l => (string?)l));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(string?)phase["name"],-40} {t1 - t0,6:F2} s {n,6} answers  {labels}"));
        }

        var setAt = report.Alarm["set_at"]!.AsArray().Select(t => (double)t!).ToList();
        var lastDoomed = responses.Where(r => r.Variant == "Doomed1").Select(r => r.T0).DefaultIfEmpty(double.NaN).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"alarm: set {setAt.Count} time(s); rollback reported {(double)report.Alarm["rolled_back_at"]! - setAt[^1]:F2} s after the last set; last request to reach the canary was sent {lastDoomed - setAt[^1]:F2} s after it"));

        output.WriteLine("---- timeline ----");
        foreach (var segment in timeline.Segments)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{segment.From,15:F3}, {segment.To,15:F3}] {(segment.Steady ? "steady" : "switch"),-6} {segment.Label} {{{string.Join(",", segment.Allowed.Order(StringComparer.Ordinal))}}}"));
        }
    }

    /// <summary>A well-formed model.tar.gz whose xgboost-model is random bytes: it unpacks, then cannot load.</summary>
    private static void WriteUnloadableModel(string s3Root)
    {
        var bytes = new byte[4096];
        new Random(4).NextBytes(bytes);
        using var file = File.Create(Path.Combine(s3Root, "turnout-examples", "churn-ab", "garbage.tar.gz"));
        using var gzip = new GZipStream(file, CompressionLevel.Optimal);
        using var tar = new TarWriter(gzip, TarEntryFormat.Ustar, leaveOpen: false);
        tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "xgboost-model") { DataStream = new MemoryStream(bytes) });
    }
}
