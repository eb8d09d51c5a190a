using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Turnout.EndToEnd.Rollout;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// Issue 4's crash consistency: the server is SIGKILLed at chosen and at seeded-random points of canary
/// UpdateEndpoints and restarted on the same data dir. Each time the endpoint must be InService on exactly one
/// config — the old one unless the deployment had committed — with DescribeEndpoint saying so, serve only that
/// config's variants (checked with boto3), and take the next update.
/// </summary>
public sealed class RolloutCrashTests(ITestOutputHelper output)
{
    private const string Endpoint = "rollout-crash";
    private const int WaitIntervalSeconds = 3;
    private const int TerminationWaitSeconds = 3;
    private const int RandomPoints = 3;
    private const int DefaultSeed = 20261122;
    private const int ProbeInvocations = 40;
    private const double PredictionTolerance = 1e-6;

    private static readonly TimeSpan PointDeadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ProbeDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SlowDownload = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task UpdateEndpoint_ServerKilledAtPointsOfADeployment_RestartConvergesToExactlyOneConfig()
    {
        var python = AwsClients.DebianBoto3;
        Assert.True(python.Usable, $"{python.Problem} (bash .ci/run installs Debian's python3-boto3)");
        var seed = int.TryParse(Environment.GetEnvironmentVariable("TURNOUT_E2E_SEED"), CultureInfo.InvariantCulture, out var fromEnvironment) ? fromEnvironment : DefaultSeed;
        var random = new Random(seed);
        List<CrashPoint> points = [new("loading"), new("canary"), new("baking"), new("draining"), new("in-service")];
        var horizon = (2 * WaitIntervalSeconds) + TerminationWaitSeconds + 1.0;
        for (var i = 0; i < RandomPoints; i++)
        {
            points.Add(new CrashPoint("random", Math.Round(random.NextDouble() * horizon, 2)));
        }

        output.WriteLine($"seed {seed} (TURNOUT_E2E_SEED overrides); kill points: {string.Join(", ", points)}");

        await using var server = await TurnoutServer.StartAsync(output);
        // Model 3 is model 1's tarball behind an http:// URL that answers only after SlowDownload, so a
        // deployment that needs it stays in its loading phase until the kill.
        await using var slow = new SlowArtifactServer(Path.Combine(RepoPaths.Examples, "model", "xgb-churn-prediction-model.tar.gz"), SlowDownload);
        var environment = AwsClientEnvironment.Create(server.WorkDir);
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            await NotebookDeployment.CreateAsync(sm, Endpoint, (1, 1), (1, 1));
            await sm.ControlOkAsync("CreateModel", new JsonObject
            {
                ["ModelName"] = $"{Endpoint}-m3",
                ["ExecutionRoleArn"] = NotebookDeployment.Role,
                ["PrimaryContainer"] = new JsonObject { ["Image"] = NotebookDeployment.Image1, ["ModelDataUrl"] = slow.Url("model.tar.gz") },
            });
        }

        var current = new Fleet(Endpoint, new Dictionary<string, int> { ["Variant1"] = 1, ["Variant2"] = 2 });
        var (_, baseline) = await ProbeAsync(server, python, environment, current, current, abandoned: null);
        var arn = (string)baseline["arn"]!;
        // CreateEndpoint had no DeploymentConfig; each committed canary makes it the LastDeploymentConfig.
        string? lastDeployment = null;
        Assert.Null((string?)baseline["last_deployment"]);

        var table = new List<string>();
        for (var i = 0; i < points.Count; i++)
        {
            var point = points[i];
            var next = new Fleet($"{Endpoint}-{i + 1}", new Dictionary<string, int>
            {
                [$"P{i + 1}a"] = point.Name == "loading" ? 3 : 1 + (i % 2),
                [$"P{i + 1}b"] = 2 - (i % 2),
            });

            KillObservation seen;
            using (var sm = new SageMakerHttp(server.BaseUri))
            {
                await CreateConfigAsync(sm, next);
                seen = await UpdateAndReachAsync(sm, next, point, slow);
            }

            await server.StopAsync();
            var deadAt = Now();
            var restart = Stopwatch.StartNew();
            await server.RestartAsync();
            restart.Stop();

            var mustBeNew = seen.CommitSeen;
            var mustBeOld = !seen.CommitSeen && deadAt < seen.EarliestCommit;
            var (outcome, described) = await ProbeAsync(server, python, environment, current, next, abandoned: next);
            var expectation = mustBeNew ? "new" : mustBeOld ? "old" : "either (killed too close to the commit to tell)";
            var line = string.Create(CultureInfo.InvariantCulture,
                $"#{i + 1} {point,-16} last seen {seen.LastPhase,-10}{(seen.Overshot ? " (overshot)" : string.Empty),-11} killed at +{deadAt - seen.CalledAt,5:F2} s (commit >= +{seen.EarliestCommit - seen.CalledAt:F2} s), restart {restart.Elapsed.TotalSeconds,5:F1} s: {(outcome == next ? "new" : "old")} config {outcome.Config}, expected {expectation}");
            output.WriteLine(line);
            table.Add(line);
            if (mustBeNew)
            {
                Assert.True(outcome == next, $"{line}: the deployment had committed before the kill, yet the endpoint came back on the old config");
            }
            else if (mustBeOld)
            {
                Assert.True(outcome == current, $"{line}: the server died before the deployment could commit, yet the endpoint came back on the new config");
            }

            // The rest of DescribeEndpoint follows the same config.
            lastDeployment = outcome == next ? "CANARY" : lastDeployment;
            Assert.Equal(arn, (string?)described["arn"]);
            Assert.True(lastDeployment == (string?)described["last_deployment"], $"{line}: LastDeploymentConfig type {(string?)described["last_deployment"] ?? "none"}, expected {lastDeployment ?? "none"}");
            current = outcome;
        }

        // After the last crash the endpoint still takes an ordinary update.
        var final = new Fleet($"{Endpoint}-final", new Dictionary<string, int> { ["Final1"] = 2, ["Final2"] = 1 });
        using (var sm = new SageMakerHttp(server.BaseUri))
        {
            await CreateConfigAsync(sm, final);
            await sm.ControlOkAsync("UpdateEndpoint", new JsonObject { ["EndpointName"] = Endpoint, ["EndpointConfigName"] = final.Config });
            var described = await sm.WaitForEndpointAsync(Endpoint, TimeSpan.FromSeconds(60));
            Assert.Equal("InService", (string?)described["EndpointStatus"]);
        }

        var (ended, finalDescribed) = await ProbeAsync(server, python, environment, current, final, abandoned: null);
        Assert.True(ended == final, $"the final all-at-once update ended on {ended.Config}");
        Assert.Null((string?)finalDescribed["last_deployment"]);
        output.WriteLine("---- summary ----");
        table.ForEach(output.WriteLine);
    }

    private static async Task CreateConfigAsync(SageMakerHttp sm, Fleet fleet)
    {
        var variants = new JsonArray();
        foreach (var (variant, model) in fleet.Models.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            variants.Add(new JsonObject
            {
                ["VariantName"] = variant,
                ["ModelName"] = $"{Endpoint}-m{model}",
                ["InstanceType"] = "ml.m5.xlarge",
                ["InitialInstanceCount"] = 1,
                ["InitialVariantWeight"] = 1.0,
            });
        }

        await sm.ControlOkAsync("CreateEndpointConfig", new JsonObject { ["EndpointConfigName"] = fleet.Config, ["ProductionVariants"] = variants });
    }

    /// <summary>Starts a canary UpdateEndpoint to <paramref name="next"/> and polls DescribeEndpoint until <paramref name="point"/>.</summary>
    private static async Task<KillObservation> UpdateAndReachAsync(SageMakerHttp sm, Fleet next, CrashPoint point, SlowArtifactServer slow)
    {
        var downloadStarted = slow.NextRequest;
        var calledAt = Now();
        await sm.ControlOkAsync("UpdateEndpoint", new JsonObject
        {
            ["EndpointName"] = Endpoint,
            ["EndpointConfigName"] = next.Config,
            ["DeploymentConfig"] = new JsonObject
            {
                ["BlueGreenUpdatePolicy"] = new JsonObject
                {
                    ["TrafficRoutingConfiguration"] = new JsonObject
                    {
                        ["Type"] = "CANARY",
                        ["CanarySize"] = new JsonObject { ["Type"] = "CAPACITY_PERCENT", ["Value"] = 50 },
                        ["WaitIntervalInSeconds"] = WaitIntervalSeconds,
                    },
                    ["TerminationWaitInSeconds"] = TerminationWaitSeconds,
                },
            },
        });

        // The canary step and the baking period each wait WaitIntervalInSeconds before the deployment commits.
        var earliestCommit = calledAt + (2 * WaitIntervalSeconds);
        if (point.Name == "loading")
        {
            // The new fleet's model is being downloaded, and DescribeEndpoint says the fleet is being created.
            await downloadStarted.WaitAsync(PointDeadline);
            var loading = await sm.ControlOkAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = Endpoint });
            var phase = (string?)loading["PendingDeploymentSummary"]?["ProductionVariants"]?[0]?["VariantStatus"]?[0]?["Status"];
            Assert.True((string?)loading["EndpointStatus"] == "Updating" && phase == "Creating", $"while the new model downloads: {loading.ToJsonString()}");
            return new KillObservation(calledAt, earliestCommit, CommitSeen: false, "loading", Overshot: false);
        }

        var stopwatch = Stopwatch.StartNew();
        var commitSeen = false;
        while (true)
        {
            var described = await sm.ControlOkAsync("DescribeEndpoint", new JsonObject { ["EndpointName"] = Endpoint });
            var status = (string?)described["EndpointStatus"];
            var pendingStatus = described["PendingDeploymentSummary"]?["ProductionVariants"]?[0]?["VariantStatus"]?[0];
            var draining = described["ProductionVariants"]!.AsArray()
                .Any(v => v!["VariantStatus"]?.AsArray().Any(s => (string?)s!["Status"] == "Deleting") == true);
            var inServiceNew = status == "InService" && (string?)described["EndpointConfigName"] == next.Config;
            var phase = (inServiceNew, draining, (string?)pendingStatus?["Status"]) switch
            {
                (true, _, _) => "in-service",
                (_, true, _) => "draining",
                (_, _, "Baking") => "baking",
                (_, _, "ActivatingTraffic") => "canary",
                _ => "loading",
            };
            if (pendingStatus?["StartTime"] is { } started)
            {
                // A phase's StartTime is recorded before its wait begins; the server's clock is this machine's.
                var remainingWaits = phase == "canary" ? 2 : phase == "baking" ? 1 : 0;
                earliestCommit = Math.Max(earliestCommit, (double)started + (remainingWaits * WaitIntervalSeconds));
            }

            commitSeen |= phase is "draining" or "in-service";
            Assert.True(status is "Updating" or "InService", $"the deployment to {next.Config} ended as {status}: {described.ToJsonString()}");
            if (point.Name == "random")
            {
                if (Now() >= calledAt + point.DelaySeconds)
                {
                    return new KillObservation(calledAt, earliestCommit, commitSeen, phase, Overshot: false);
                }
            }
            else if (CrashPoint.Rank(phase) >= CrashPoint.Rank(point.Name))
            {
                return new KillObservation(calledAt, earliestCommit, commitSeen, phase, Overshot: phase != point.Name);
            }

            Assert.True(stopwatch.Elapsed < PointDeadline, $"the deployment to {next.Config} did not reach {point} within {PointDeadline.TotalSeconds:F0} s; last {described.ToJsonString()}");
            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Runs clients/rollout_probe.py (boto3) against the endpoint and checks it is InService on exactly one of
    /// <paramref name="old"/> and <paramref name="next"/>, consistently described and served; returns that one and the description.
    /// </summary>
    private async Task<(Fleet Fleet, JsonNode Described)> ProbeAsync(TurnoutServer server, ClientProbe python, Dictionary<string, string?> environment, Fleet old, Fleet next, Fleet? abandoned)
    {
        var targets = old.Variants.Concat(next.Variants).Distinct(StringComparer.Ordinal).ToList();
        var result = await ClientProcess.RunAsync(
            python.Path!,
            [
                Path.Combine(RepoPaths.Clients, "rollout_probe.py"),
                "--endpoint-url", server.EndpointUrl,
                "--endpoint-name", Endpoint,
                "--expected", RepoPaths.ExpectedPredictions,
                "--count", ProbeInvocations.ToString(CultureInfo.InvariantCulture),
                "--targets", .. targets,
            ],
            environment,
            ProbeDeadline);
        Assert.True(result.Succeeded, result.Describe("rollout_probe.py"));
        var probe = JsonNode.Parse(result.Output.StandardOutput.Trim().Split('\n')[^1])!;
        var described = probe["describe"]!;
        var config = (string?)described["config"];
        var fleet = config == next.Config ? next : config == old.Config ? old : null;
        Assert.True(fleet is not null, $"the endpoint is on {config}, neither {old.Config} nor {next.Config}: {described.ToJsonString()}");
        var other = fleet == next ? old : next;

        Assert.Equal("InService", (string?)described["status"]);
        Assert.False((bool?)described["pending_raw"] ?? true, $"PendingDeploymentSummary after the restart: {described.ToJsonString()}");
        Assert.Equal(fleet.Variants, described["variants"]!.AsArray().Select(v => (string)v!["name"]!).Order(StringComparer.Ordinal).ToArray());
        foreach (var variant in described["variants"]!.AsArray())
        {
            Assert.True((double?)variant!["cw"] == 1.0 && (double?)variant["dw"] == 1.0 && (int?)variant["ci"] == 1 && (int?)variant["di"] == 1,
                $"variant not at its config's weight and count: {variant.ToJsonString()}");
            Assert.True(variant["status"]!.AsArray().Count == 0, $"variant still has a VariantStatus: {variant.ToJsonString()}");
        }

        var failure = (string?)described["failure"];
        if (abandoned is not null && fleet != abandoned)
        {
            // Rolled back by the restart: DescribeEndpoint says which update was dropped.
            Assert.True(failure?.Contains(abandoned.Config, StringComparison.Ordinal) == true, $"FailureReason does not name the interrupted update to {abandoned.Config}: {failure}");
        }
        else
        {
            Assert.Null(failure);
        }

        var rows = NotebookData.Rows.ToDictionary(r => r.Line);
        var invocations = probe["invocations"]!.AsArray();
        Assert.Equal(ProbeInvocations, invocations.Count);
        foreach (var invocation in invocations)
        {
            AssertServedBy(invocation!, fleet, rows, variant: null);
        }

        var served = invocations.Select(v => (string)v!["variant"]!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fleet.Variants, served);

        // Targeted at each fleet's variants: the live config's answer, the other config's do not exist.
        foreach (var variant in fleet.Variants)
        {
            AssertServedBy(probe["targeted"]![variant]!, fleet, rows, variant);
        }

        foreach (var variant in other.Variants.Except(fleet.Variants, StringComparer.Ordinal))
        {
            var answer = probe["targeted"]![variant]!;
            Assert.True((int?)answer["status"] == 400 && (string?)answer["error"] == "ValidationError",
                $"TargetVariant {variant} of {other.Config}, which the endpoint is not on: {answer.ToJsonString()}");
        }

        return (fleet, described);
    }

    private static void AssertServedBy(JsonNode invocation, Fleet fleet, Dictionary<int, ExpectedRow> rows, string? variant)
    {
        var answered = (string?)invocation["variant"];
        Assert.True((int?)invocation["status"] == 200 && answered is not null && fleet.Models.ContainsKey(answered) && (variant is null || answered == variant),
            $"expected an answer from {variant ?? string.Join("/", fleet.Variants)} of {fleet.Config}: {invocation.ToJsonString()}");
        var row = rows[(int)invocation["row"]!];
        // Models 1 and 3 are the same tarball.
        var expected = fleet.Models[answered!] == 2 ? row.Variant2 : row.Variant1;
        var value = double.Parse((string)invocation["body"]!, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(value - expected) <= PredictionTolerance, $"{answered} answered {value} for line {row.Line}; its model predicts {expected}");
    }

    private static double Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
}
