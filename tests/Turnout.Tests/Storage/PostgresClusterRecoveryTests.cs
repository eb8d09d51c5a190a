using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Turnout.Tests.Support;

namespace Turnout.Tests.Storage;

/// <summary>
/// Recovery on a shared PostgreSQL store: a node that joins while another node runs a blue/green update
/// loads the endpoints into its routing without writing them (the update stays the running node's), and
/// once that node is gone the coordinator takes the interrupted update over, as a single node would after
/// a restart.
/// </summary>
public sealed class PostgresClusterRecoveryTests
{
    private readonly PostgresServer _server = PostgresServer.Shared;

    private Task<InProcessServer> Start(string database, string nodeId) =>
        InProcessServer.StartAsync(configureOptions: o => o with { Store = _server.Url(database), NodeId = nodeId });

    private (long Version, string Status, string ChangedBy) Row(string database, string endpoint)
    {
        var version = Convert.ToInt64(_server.Scalar(database, $"SELECT version FROM endpoints WHERE name = '{endpoint}'"), System.Globalization.CultureInfo.InvariantCulture);
        var status = (string)_server.Scalar(database, $"SELECT status FROM endpoints WHERE name = '{endpoint}'")!;
        var changedBy = (string)_server.Scalar(database, $"SELECT changed_by FROM endpoints WHERE name = '{endpoint}'")!;
        return (version, status, changedBy);
    }

    [Fact]
    public async Task JoiningNode_LeavesAnotherNodesUpdateAlone_ServesInService_AndTheCoordinatorTakesOverOnlyWhenTheOwnerIsGone()
    {
        var database = _server.CreateDatabase("recovery");
        var a = await Start(database, "node-a");
        var aRunning = true;
        try
        {
            await ChurnEndpoint.CreateAsync(a, "steady");
            await ChurnEndpoint.CreateAsync(a, "rolling");
            var config = await a.SageMakerAsync("CreateEndpointConfig", new
            {
                EndpointConfigName = "rolling-v2",
                ProductionVariants = new[] { new { VariantName = "Green", ModelName = "rolling-m2", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = 1f } },
            });
            Assert.Equal(200, config.Status);
            // All traffic moves, then the new fleet bakes for 10 minutes: the update stays in progress on A.
            var update = await a.SageMakerAsync("UpdateEndpoint", new
            {
                EndpointName = "rolling",
                EndpointConfigName = "rolling-v2",
                DeploymentConfig = new
                {
                    BlueGreenUpdatePolicy = new
                    {
                        TrafficRoutingConfiguration = new { Type = "ALL_AT_ONCE", WaitIntervalInSeconds = 600 },
                        TerminationWaitInSeconds = 0,
                    },
                },
            });
            Assert.True(update.Status == 200, update.Body.ToString());
            await WaitAsync(a, "rolling", d => PendingPhase(d) == "Baking", "node A never reached the bake phase");
            var before = Row(database, "rolling");
            Assert.Equal(("Updating", "node-a"), (before.Status, before.ChangedBy));
            var steadyBefore = Row(database, "steady");

            await using (var b = await Start(database, "node-b"))
            {
                // B is ready (StartAsync waited for /ping) and serves the InService endpoint it only loaded.
                Assert.NotNull(await InvokeAsync(b, "steady"));
                // Let B's change feed and (had it the lease) coordinator scan run over the rows a few times.
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (Convert.ToInt64(_server.Scalar(database, "SELECT count(*) FROM turnout_cluster_nodes WHERE node_id = 'node-b' AND heartbeat_at > now() - interval '3 seconds'"), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    Assert.True(DateTime.UtcNow < deadline, "node B never joined the registry");
                    await Task.Delay(20);
                }

                await WaitAsync(b, "steady", d => d.GetProperty("EndpointStatus").GetString() == "InService", "steady left InService");
                Assert.Equal(before, Row(database, "rolling"));
                Assert.Equal(steadyBefore, Row(database, "steady"));
                var onA = await DescribeAsync(a, "rolling");
                Assert.Equal("Updating", onA.GetProperty("EndpointStatus").GetString());
                Assert.Equal("Baking", PendingPhase(onA));

                // A goes away mid-bake: B becomes coordinator and, with A out of the registry, resolves the
                // interrupted update as a restarted single node would: not committed yet, so rolled back.
                aRunning = false;
                await a.DisposeAsync();
                var done = await WaitAsync(b, "rolling", d => d.GetProperty("EndpointStatus").GetString() == "InService", "node B never took over the update node A left");
                Assert.Equal("node-b", Row(database, "rolling").ChangedBy);
                Assert.False(done.TryGetProperty("PendingDeploymentSummary", out _));
                Assert.Equal("rolling", done.GetProperty("EndpointConfigName").GetString());
                Assert.Contains("interrupted", done.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
                Assert.NotNull(await InvokeAsync(b, "rolling"));
                Assert.Equal(steadyBefore, Row(database, "steady"));
            }
        }
        finally
        {
            if (aRunning)
            {
                await a.DisposeAsync();
            }
        }
    }

    private static string? PendingPhase(JsonElement described) =>
        described.TryGetProperty("PendingDeploymentSummary", out var p)
            ? p.GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0].GetProperty("Status").GetString()
            : null;

    private static async Task<JsonElement> DescribeAsync(InProcessServer node, string endpoint) =>
        (await node.SageMakerAsync("DescribeEndpoint", new { EndpointName = endpoint })).Body;

    private static async Task<JsonElement> WaitAsync(InProcessServer node, string endpoint, Func<JsonElement, bool> condition, string message)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var described = await DescribeAsync(node, endpoint);
            if (condition(described))
            {
                return described;
            }

            Assert.True(DateTime.UtcNow < deadline, message + "; last DescribeEndpoint: " + described);
            await Task.Delay(20);
        }
    }

    private static async Task<string?> InvokeAsync(InProcessServer node, string endpoint)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations") { Content = new StringContent(ChurnEndpoint.Rows[0], Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var response = await node.Client.SendAsync(request);
        return response.IsSuccessStatusCode ? response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single() : null;
    }
}
