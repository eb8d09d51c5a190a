using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Turnout.Metrics;
using Turnout.Runtime.Routing;
using Turnout.Tests.AutoScaling;
using Turnout.Tests.Support;
using Xunit.Abstractions;

namespace Turnout.Tests.Storage;

/// <summary>
/// Two real Turnout servers (Kestrel on loopback, each with its own data directory) sharing one PostgreSQL
/// database: what is created through one node is served by the other, a weight change through one node
/// reaches the other's routing within a second, and metrics of both add up exactly.
/// </summary>
public sealed class PostgresClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly PostgresServer _server = PostgresServer.Shared;
    private InProcessServer _a = null!;
    private InProcessServer _b = null!;
    private string _database = null!;

    public async Task InitializeAsync()
    {
        var database = _database = _server.CreateDatabase("cluster");
        // Both nodes start at once on an empty database: the migration lock makes one create the schema.
        var nodes = await Task.WhenAll(Start(database, "node-a"), Start(database, "node-b"));
        (_a, _b) = (nodes[0], nodes[1]);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    private Task<InProcessServer> Start(string database, string nodeId, TimeSpan? poll = null) =>
        InProcessServer.StartAsync(configureOptions: o => o with { Store = _server.Url(database), NodeId = nodeId, ChangePollInterval = poll ?? o.ChangePollInterval });

    [Fact]
    public async Task LostNotifications_ThePollCatchesUp()
    {
        await ChurnEndpoint.CreateAsync(_a, "polled");
        // A third node that polls every 300 ms, then no more notifications at all.
        await using var c = await Start(_database, "node-c", TimeSpan.FromMilliseconds(300));
        var routesC = c.Services.GetRequiredService<RoutingRegistry>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!routesC.TryGet("polled", out _))
        {
            Assert.True(DateTime.UtcNow < deadline, "node C never followed the endpoint");
            await Task.Delay(20);
        }

        _server.Scalar(_database, "ALTER TABLE endpoints DISABLE TRIGGER endpoints_notify");
        var update = await _a.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
        {
            EndpointName = "polled",
            DesiredWeightsAndCapacities = new[] { new { VariantName = "Variant2", DesiredWeight = 3f, DesiredInstanceCount = 2 } },
        });
        Assert.Equal(200, update.Status);
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(routesC.TryGet("polled", out var table) && table.Find("Variant2") is { Weight: 3f, Instances.Length: 2 }))
        {
            Assert.True(DateTime.UtcNow < deadline, "node C did not pick up the change by polling");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task CreatedThroughA_ServedThroughB_AndWeightChangeReachesBWithinASecond()
    {
        await ChurnEndpoint.CreateAsync(_a, "shared");

        // B loads the models when it sees the endpoint InService; wait for its first answer.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? variant;
        while ((variant = await InvokeAsync(_b, "shared")) is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "node B never served the endpoint created through node A");
            await Task.Delay(20);
        }

        Assert.StartsWith("Variant", variant, StringComparison.Ordinal);
        var described = await _b.SageMakerAsync("DescribeEndpoint", new { EndpointName = "shared" });
        Assert.Equal("InService", described.Body.GetProperty("EndpointStatus").GetString());

        // The change goes through A; B's routing table must show it within one second.
        var routesB = _b.Services.GetRequiredService<RoutingRegistry>();
        var update = await _a.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
        {
            EndpointName = "shared",
            DesiredWeightsAndCapacities = new[] { new { VariantName = "Variant1", DesiredWeight = 0f }, new { VariantName = "Variant2", DesiredWeight = 1f } },
        });
        Assert.Equal(200, update.Status);
        var clock = Stopwatch.StartNew();
        while (!(routesB.TryGet("shared", out var table) && table.Find("Variant1")!.Weight == 0f))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "node B did not apply the weight change within 1 s");
            await Task.Delay(2);
        }

        var delay = clock.Elapsed;
        output.WriteLine($"weight change through A live on B after {delay.TotalMilliseconds:F1} ms");

        // And traffic through B follows it.
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("Variant2", await InvokeAsync(_b, "shared"));
        }

        // A delete through A stops B from serving the endpoint.
        Assert.Equal("InService", await ChurnEndpoint.WaitForStatusAsync(_a, "shared", "Updating"));
        Assert.Equal(200, (await _a.SageMakerAsync("DeleteEndpoint", new { EndpointName = "shared" })).Status);
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (routesB.TryGet("shared", out _))
        {
            Assert.True(DateTime.UtcNow < deadline, "node B kept routing a deleted endpoint");
            await Task.Delay(5);
        }

        Assert.Null(await InvokeAsync(_b, "shared"));
    }

    [Fact]
    public async Task SameModelCreatedThroughBothNodes_OneWinsOneGetsValidationException()
    {
        var input = new
        {
            ModelName = "twice",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + Turnout.Tests.Models.RepoPaths.ChurnModel(1) },
        };
        var results = await Task.WhenAll(_a.SageMakerAsync("CreateModel", input), _b.SageMakerAsync("CreateModel", input));
        Assert.Equal([200, 400], results.Select(r => r.Status).Order());
        var refused = results.Single(r => r.Status == 400).Body;
        Assert.Equal("ValidationException", refused.GetProperty("__type").GetString()!.Split('#')[^1]);
        Assert.Contains("Cannot create already existing model", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScalableTargetRegisteredThroughB_IsDescribedByA()
    {
        Assert.IsType<Turnout.Storage.Postgres.PostgresScalingStore>(_a.Services.GetRequiredService<Turnout.Storage.IScalingStore>());
        await ChurnEndpoint.CreateAsync(_a, "scaled");
        await _b.RegisterAsync("scaled", min: 1, max: 4);

        var (status, body) = await _a.CallAsync("DescribeScalableTargets", new { ServiceNamespace = "sagemaker" });
        Assert.True(status == 200, body.ToString());
        var target = Assert.Single(body.GetProperty("ScalableTargets").EnumerateArray());
        Assert.Equal(AutoScalingClient.Resource("scaled"), target.GetProperty("ResourceId").GetString());
        Assert.Equal(4, target.GetProperty("MaxCapacity").GetInt32());
    }

    [Fact]
    public async Task Invocations_ThroughBothNodes_SumExactly()
    {
        await ChurnEndpoint.CreateAsync(_a, "counted");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await InvokeAsync(_b, "counted", "Variant1") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "node B never served the endpoint");
            await Task.Delay(20);
        }

        // 1 warm-up through B above, then 7 more through B and 12 through A, all to Variant1.
        for (var i = 0; i < 7; i++)
        {
            Assert.Equal("Variant1", await InvokeAsync(_b, "counted", "Variant1"));
        }

        for (var i = 0; i < 12; i++)
        {
            Assert.Equal("Variant1", await InvokeAsync(_a, "counted", "Variant1"));
        }

        // Each node writes its roll-ups (including the open minute) to PostgreSQL, tagged with its id.
        _a.Services.GetRequiredService<MetricsHub>().Flush(includeOpenMinute: true);
        _b.Services.GetRequiredService<MetricsHub>().Flush(includeOpenMinute: true);

        var now = DateTimeOffset.UtcNow;
        var dims = new MetricDimension[] { new("EndpointName", "counted"), new("VariantName", "Variant1") };
        foreach (var node in new[] { _a, _b })
        {
            var hub = node.Services.GetRequiredService<MetricsHub>();
            var invocations = hub.GetStatistics(new("AWS/SageMaker", "Invocations", dims, now.AddHours(-1), now.AddMinutes(1), 3600, MetricStatistics.Sum));
            Assert.Equal(20, invocations.Sum(p => p.Sum));
            var latency = hub.GetStatistics(new("AWS/SageMaker", "ModelLatency", dims, now.AddHours(-1), now.AddMinutes(1), 3600, MetricStatistics.SampleCount, ExtendedStatistics: ["p50"]));
            Assert.Equal(20, latency.Sum(p => p.SampleCount));
            Assert.All(latency, p => Assert.True(p.ExtendedStatistics!["p50"] > 0));
        }
    }

    [Fact]
    public async Task NodeStoppedGracefully_ItsOpenMinuteIsCounted()
    {
        await ChurnEndpoint.CreateAsync(_a, "leaving");
        var c = await Start(_database, "node-c");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await InvokeAsync(c, "leaving", "Variant2") is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "node C never served the endpoint");
            await Task.Delay(20);
        }

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("Variant2", await InvokeAsync(c, "leaving", "Variant2"));
        }

        // No explicit flush: stopping the node writes the minute it was still recording.
        await c.DisposeAsync();
        var now = DateTimeOffset.UtcNow;
        var dims = new MetricDimension[] { new("EndpointName", "leaving"), new("VariantName", "Variant2") };
        var sum = _b.Services.GetRequiredService<MetricsHub>()
            .GetStatistics(new("AWS/SageMaker", "Invocations", dims, now.AddHours(-1), now.AddMinutes(1), 3600, MetricStatistics.Sum))
            .Sum(p => p.Sum);
        Assert.Equal(5, sum);
    }

    /// <summary>The invoked variant, or null if the node does not serve the endpoint (yet).</summary>
    private static async Task<string?> InvokeAsync(InProcessServer node, string endpoint, string? targetVariant = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/endpoints/{endpoint}/invocations") { Content = new StringContent(ChurnEndpoint.Rows[0], Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        if (targetVariant is not null)
        {
            request.Headers.Add("X-Amzn-SageMaker-Target-Variant", targetVariant);
        }

        using var response = await node.Client.SendAsync(request);
        return response.IsSuccessStatusCode ? response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single() : null;
    }
}
