using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Turnout.EndToEnd.Infrastructure;
using Xunit.Abstractions;

namespace Turnout.EndToEnd;

/// <summary>
/// Three real nodes on one real PostgreSQL behind a real nginx (deploy/nginx): the notebook through the
/// load balancer, placement and forwarding, metrics summed across nodes, a weight change through one node
/// seen through another, and the coordinator and a hosting node killed under load.
/// </summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ScriptDeadline = TimeSpan.FromSeconds(480);

    [Fact]
    public async Task NotebookFlowRunsThroughNginxInFrontOfThreeNodes()
    {
        var python = AwsClients.DebianBoto3;
        Assert.True(python.Usable, $"{python.Problem} (bash .ci/run installs Debian's python3-boto3)");
        await using var cluster = await ClusterFixture.StartAsync(output, nodes: 3);
        var result = await ClientProcess.RunAsync(
            python.Path!,
            [
                Path.Combine(RepoPaths.Clients, "notebook_flow.py"),
                "--endpoint-url", cluster.BalancerUrl,
                "--examples-dir", RepoPaths.Examples,
                "--expected", RepoPaths.ExpectedPredictions,
                "--model-url", TurnoutServer.ModelUrl1,
                "--model-url2", TurnoutServer.ModelUrl2,
                // Other nodes' counts of the open minute reach CloudWatch when it closes (docs/cluster.md).
                "--metrics-deadline", "150",
                // A delete through one node reaches the others within the propagation bound (1 s); allow 2.
                "--propagation-grace", "2",
            ],
            AwsClientEnvironment.Create(cluster.WorkDir),
            ScriptDeadline);
        output.WriteLine(result.Output.All);
        Assert.True(result.Succeeded, result.Describe("notebook_flow.py"));
        Assert.Contains("PASS: notebook flow", result.Output.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InstancesArePlacedInvocationsForwardedAndMetricsSummedAcrossNodes()
    {
        await using var cluster = await ClusterFixture.StartAsync(output, nodes: 3);
        using var sm = new SageMakerHttp(new Uri(cluster.BalancerUrl));
        await NotebookDeployment.CreateAsync(sm, "placed", (1, 1), (1, 2));
        var placement = await WaitForPlacementAsync(cluster, "placed", 2);
        output.WriteLine("placement: " + string.Join("; ", placement.Select(p => $"{p.Key}={string.Join(",", p.Value)}")));
        Assert.Single(placement["Variant1"]);
        Assert.Equal(2, placement["Variant2"].Distinct().Count()); // two instances, two nodes

        // 90 requests straight to each node: each answers for both variants, forwarding what it does not host.
        var served = new ConcurrentDictionary<string, int>();
        var rows = NotebookData.Rows;
        foreach (var node in cluster.Nodes)
        {
            using var direct = new SageMakerHttp(new Uri(node.Url));
            for (var i = 0; i < 90; i++)
            {
                var row = rows[i % rows.Count];
                var response = await direct.InvokeAsync("placed", row.Features);
                Assert.Equal(HttpStatusCode.OK, response.Status);
                var variant = response.Header("x-Amzn-Invoked-Production-Variant")!;
                Assert.Equal(row.For(variant), double.Parse(response.Body, CultureInfo.InvariantCulture), 5);
                served.AddOrUpdate(variant, 1, (_, n) => n + 1);
            }
        }

        // Only hosting nodes ran predictions (their own Prometheus counters), so forwarding happened.
        foreach (var node in cluster.Nodes)
        {
            var text = await new HttpClient().GetStringAsync(node.Url + "/metrics");
            foreach (var variant in new[] { "Variant1", "Variant2" })
            {
                var count = PrometheusCount(text, "placed", variant);
                output.WriteLine($"{node.Id} ran {count} of {variant}");
                if (!placement[variant].Contains(node.Id))
                {
                    Assert.Equal(0, count);
                }
            }
        }

        // CloudWatch through any node sums every node's counts exactly. Other nodes' counts arrive when they
        // flush a closed minute (docs/cluster.md: within about 70 s).
        foreach (var variant in new[] { "Variant1", "Variant2" })
        {
            var expected = served.GetValueOrDefault(variant);
            Assert.True(expected > 0, $"no request reached {variant}");
            double sum = -1;
            var waited = await cluster.WaitAsync($"Invocations Sum of {variant} through {cluster.Nodes[2].Id} reaches {expected}", TimeSpan.FromSeconds(150), async () =>
            {
                sum = await InvocationsSumAsync(cluster.Nodes[2].Url, "placed", variant);
                return sum >= expected;
            });
            output.WriteLine($"{variant}: CloudWatch Sum {sum} = {expected} answered, after {waited.TotalSeconds:F1} s");
            Assert.Equal(expected, sum);
        }
    }

    [Fact]
    public async Task AWeightChangeThroughNodeOneIsSeenThroughNodeThreeWithinASecond()
    {
        await using var cluster = await ClusterFixture.StartAsync(output, nodes: 3);
        using var node1 = new SageMakerHttp(new Uri(cluster.Nodes[0].Url));
        using var node3 = new SageMakerHttp(new Uri(cluster.Nodes[2].Url));
        await NotebookDeployment.CreateAsync(node1, "weights", (1, 1), (1, 1));
        await WaitForPlacementAsync(cluster, "weights", 2);
        var row = NotebookData.Rows[0].Features;

        var delays = new List<TimeSpan>();
        foreach (var (on, off) in new[] { ("Variant1", "Variant2"), ("Variant2", "Variant1"), ("Variant1", "Variant2") })
        {
            await node1.ControlOkAsync("UpdateEndpointWeightsAndCapacities", new JsonObject
            {
                ["EndpointName"] = "weights",
                ["DesiredWeightsAndCapacities"] = new JsonArray(
                    new JsonObject { ["VariantName"] = on, ["DesiredWeight"] = 1 },
                    new JsonObject { ["VariantName"] = off, ["DesiredWeight"] = 0 }),
            });
            var changed = Stopwatch.StartNew();
            // Seen = node 3 answers with the new variant 30 times in a row (a 1:1 split would do that with p = 1e-9).
            var streak = 0;
            TimeSpan firstOfStreak = default;
            while (streak < 30)
            {
                var at = changed.Elapsed;
                var response = await node3.InvokeAsync("weights", row);
                Assert.Equal(HttpStatusCode.OK, response.Status);
                if (response.Header("x-Amzn-Invoked-Production-Variant") == on)
                {
                    firstOfStreak = streak++ == 0 ? at : firstOfStreak;
                }
                else
                {
                    streak = 0;
                }

                Assert.True(changed.Elapsed < TimeSpan.FromSeconds(10), $"node 3 still routes to {off} 10 s after the change through node 1");
            }

            output.WriteLine($"weights -> {on}: node 3 routes by them after {firstOfStreak.TotalMilliseconds:F0} ms");
            delays.Add(firstOfStreak);
            await node1.WaitForEndpointAsync("weights", TimeSpan.FromSeconds(30));
        }

        Assert.All(delays, d => Assert.True(d < TimeSpan.FromSeconds(1), $"propagation took {d.TotalMilliseconds:F0} ms"));
    }

    [Fact]
    public async Task KillingTheCoordinatorAndAHostUnderLoadFailsNoRequest()
    {
        await using var cluster = await ClusterFixture.StartAsync(output, nodes: 3);
        using var sm = new SageMakerHttp(new Uri(cluster.BalancerUrl));
        await NotebookDeployment.CreateAsync(sm, "failover", (1, 1), (1, 1));
        var placement = await WaitForPlacementAsync(cluster, "failover", 2);
        var coordinatorId = (string)(await cluster.Nodes[0].ClusterAsync())["coordinator"]!;
        // A variant hosted off the coordinator, so the two kills hit two different nodes.
        var (variant, hosts) = placement.First(p => !p.Value.Contains(coordinatorId));
        var coordinator = cluster.Nodes.Single(n => n.Id == coordinatorId);
        var host = cluster.Nodes.Single(n => n.Id == hosts.Single());
        var survivor = cluster.Nodes.Single(n => n != coordinator && n != host);
        output.WriteLine($"coordinator {coordinator.Id}, {variant} on {host.Id}, survivor {survivor.Id}");

        using var stop = new CancellationTokenSource();
        var load = new LoadGenerator(cluster.BalancerUrl, "failover", NotebookData.Rows);
        var workers = Enumerable.Range(0, 4).Select(_ => load.RunAsync(stop.Token)).ToArray();
        await cluster.WaitAsync("load is flowing", TimeSpan.FromSeconds(10), () => Task.FromResult(load.Succeeded > 200));

        var killed = Stopwatch.StartNew();
        await coordinator.StopAsync();
        await host.StopAsync();
        await cluster.WaitAsync($"{survivor.Id} becomes coordinator", TimeSpan.FromSeconds(15), async () =>
        {
            var view = await survivor.ClusterAsync();
            return (bool)view["isCoordinator"]! && (string?)view["coordinator"] == survivor.Id;
        });
        var takeover = killed.Elapsed;
        await cluster.WaitAsync($"every instance re-placed on {survivor.Id}", TimeSpan.FromSeconds(20), async () =>
        {
            var now = await PlacementAsync(survivor, "failover");
            return now.Count == 2 && now.Values.All(nodes => nodes.All(n => n == survivor.Id));
        });
        var replaced = killed.Elapsed;
        var afterKill = load.Succeeded;
        await cluster.WaitAsync("load keeps flowing after re-placement", TimeSpan.FromSeconds(20), () => Task.FromResult(load.Succeeded > afterKill + 200));
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        output.WriteLine($"after the kills: {survivor.Id} coordinator after {takeover.TotalSeconds:F2} s, every instance re-placed after {replaced.TotalSeconds:F2} s " +
            "(heartbeat timeout 3 s)");
        output.WriteLine($"requests: {load.Succeeded} succeeded, {load.Retried} first attempts retried, {load.Failed} failed after the retry budget");
        foreach (var failure in load.Failures.Take(10))
        {
            output.WriteLine("failure: " + failure);
        }

        Assert.Equal(0, load.Failed);
        Assert.True(load.Succeeded > 400);
        Assert.True(takeover < TimeSpan.FromSeconds(5), $"takeover took {takeover.TotalSeconds:F2} s");
        Assert.True(replaced < TimeSpan.FromSeconds(10), $"re-placement took {replaced.TotalSeconds:F2} s");
    }

    private static async Task<Dictionary<string, string[]>> WaitForPlacementAsync(ClusterFixture cluster, string endpoint, int variants)
    {
        Dictionary<string, string[]> placement = [];
        await cluster.WaitAsync($"every node sees {endpoint}'s {variants} variants placed", TimeSpan.FromSeconds(20), async () =>
        {
            var views = new List<Dictionary<string, string[]>>();
            foreach (var node in cluster.Nodes)
            {
                views.Add(await PlacementAsync(node, endpoint));
            }

            placement = views[0];
            return views.All(v => v.Count == variants && v.All(p => views[0].TryGetValue(p.Key, out var same) && same.SequenceEqual(p.Value)));
        });
        return placement;
    }

    private static async Task<Dictionary<string, string[]>> PlacementAsync(ClusterNodeProcess node, string endpoint) =>
        (await node.ClusterAsync())["placement"]!.AsArray()
            .Where(p => (string?)p!["endpoint"] == endpoint)
            .ToDictionary(p => (string)p!["variant"]!, p => p!["nodes"]!.AsArray().Select(n => (string)n!).ToArray());

    private static double PrometheusCount(string text, string endpoint, string variant)
    {
        var prefix = $"turnout_invocations_total{{endpoint=\"{endpoint}\",variant=\"{variant}\"}} ";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line[prefix.Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<double> InvocationsSumAsync(string nodeUrl, string endpoint, string variant)
    {
        using var http = new HttpClient();
        var now = DateTimeOffset.UtcNow;
        var body = new JsonObject
        {
            ["Namespace"] = "AWS/SageMaker",
            ["MetricName"] = "Invocations",
            ["Dimensions"] = new JsonArray(
                new JsonObject { ["Name"] = "EndpointName", ["Value"] = endpoint },
                new JsonObject { ["Name"] = "VariantName", ["Value"] = variant }),
            ["StartTime"] = now.AddHours(-1).ToUnixTimeSeconds(),
            ["EndTime"] = now.AddMinutes(5).ToUnixTimeSeconds(),
            ["Period"] = 60,
            ["Statistics"] = new JsonArray("Sum"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, nodeUrl + "/") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "GraniteServiceVersion20100801.GetMetricStatistics");
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!["Datapoints"]!.AsArray().Sum(d => (double)d!["Sum"]!);
    }

    /// <summary>
    /// Invocations through the load balancer in a loop, each with a client-side retry budget like the AWS
    /// SDKs' (3 attempts on a 5xx or a broken connection): counts first attempts that needed a retry and
    /// requests that failed even after it.
    /// </summary>
    private sealed class LoadGenerator(string url, string endpoint, IReadOnlyList<ExpectedRow> rows)
    {
        private const int Attempts = 3;
        private readonly HttpClient _http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        private int _succeeded;
        private int _retried;
        private int _failed;

        public int Succeeded => Volatile.Read(ref _succeeded);
        public int Retried => Volatile.Read(ref _retried);
        public int Failed => Volatile.Read(ref _failed);
        public ConcurrentQueue<string> Failures { get; } = new();

        public async Task RunAsync(CancellationToken stop)
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var row = rows[i++ % rows.Count];
                string? last = null;
                var ok = false;
                for (var attempt = 1; attempt <= Attempts && !ok; attempt++)
                {
                    if (attempt > 1)
                    {
                        Interlocked.Increment(ref _retried);
                    }

                    try
                    {
                        using var content = new StringContent(row.Features, Encoding.UTF8, "text/csv");
                        using var response = await _http.PostAsync($"/endpoints/{endpoint}/invocations", content, CancellationToken.None);
                        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                        if (response.StatusCode == HttpStatusCode.OK)
                        {
                            var variant = response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single();
                            ok = Math.Abs(row.For(variant) - double.Parse(body, CultureInfo.InvariantCulture)) < 1e-5;
                            last = ok ? null : $"wrong prediction {body} from {variant} for line {row.Line}";
                        }
                        else
                        {
                            last = $"HTTP {(int)response.StatusCode}: {body}";
                            if ((int)response.StatusCode < 500)
                            {
                                break;
                            }
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        last = e.Message;
                    }
                }

                if (ok)
                {
                    Interlocked.Increment(ref _succeeded);
                }
                else
                {
                    Interlocked.Increment(ref _failed);
                    Failures.Enqueue(last ?? "?");
                }
            }
        }
    }
}
