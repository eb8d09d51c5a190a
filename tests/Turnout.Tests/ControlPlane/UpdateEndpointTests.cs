using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Turnout.ControlPlane.Endpoints;
using Turnout.Tests.Models;
using Turnout.Tests.Support;

namespace Turnout.Tests.ControlPlane;

public sealed class UpdateEndpointTests : IAsyncLifetime
{
    private readonly SettableAlarms _alarms = new();
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(configureServices: s => s.AddSingleton<IAlarmStates>(_alarms));
        await ChurnEndpoint.CreateAsync(_server, "churn");
        // The new config's variants have other names, so each response tells which fleet served it.
        Assert.Equal(200, (await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "churn-v2",
            ProductionVariants = new[]
            {
                new { VariantName = "Blue", ModelName = "churn-m2", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 2, InitialVariantWeight = 1f },
                new { VariantName = "Green", ModelName = "churn-m1", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 2, InitialVariantWeight = 1f },
            },
        })).Status);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static object Policy(string type, int wait, object? canary = null, object? linear = null, string[]? alarms = null) => new
    {
        BlueGreenUpdatePolicy = new
        {
            TrafficRoutingConfiguration = new { Type = type, WaitIntervalInSeconds = wait, CanarySize = canary, LinearStepSize = linear },
            TerminationWaitInSeconds = 0,
        },
        AutoRollbackConfiguration = alarms is null ? null : new { Alarms = alarms.Select(a => new { AlarmName = a }).ToArray() },
    };

    private async Task<JsonElement> DescribeAsync() => (await _server.SageMakerAsync("DescribeEndpoint", new { EndpointName = "churn" })).Body;

    private async Task<JsonElement> WaitUntilAsync(Func<JsonElement, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var described = await DescribeAsync();
            if (condition(described))
            {
                return described;
            }

            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting; last DescribeEndpoint: " + described);
            await Task.Delay(20);
        }
    }

    /// <summary>Concurrent clients invoking until stopped; records every response's variant and failures.</summary>
    private sealed class Load : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task[] _workers;
        public readonly ConcurrentQueue<(DateTime Started, string Variant)> Served = new();
        public int Failures;
        public string? FirstFailure;

        public Load(HttpClient client, int clients = 4)
        {
            _workers = Enumerable.Range(0, clients).Select(async worker =>
            {
                var i = worker;
                while (!_stop.IsCancellationRequested)
                {
                    var started = DateTime.UtcNow;
                    using var response = await client.PostAsync("/endpoints/churn/invocations",
                        new StringContent(ChurnEndpoint.Rows[i++ % ChurnEndpoint.Rows.Length], Encoding.UTF8, "text/csv"));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Served.Enqueue((started, response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single()));
                    }
                    else
                    {
                        Interlocked.Increment(ref Failures);
                        FirstFailure ??= await response.Content.ReadAsStringAsync();
                    }
                }
            }).ToArray();
        }

        /// <summary>Variants that served requests sent at or after <paramref name="startedAfter"/>: a request already
        /// in flight when the table changed finishes on the table it read, so it says nothing about the new one.</summary>
        public List<string> Drain(DateTime? startedAfter = null)
        {
            var list = new List<string>();
            while (Served.TryDequeue(out var v))
            {
                if (startedAfter is null || v.Started >= startedAfter)
                {
                    list.Add(v.Variant);
                }
            }

            return list;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            await Task.WhenAll(_workers);
        }
    }

    private async Task UpdateAsync(string config, object? deploymentConfig)
    {
        var (status, body) = await _server.SageMakerAsync("UpdateEndpoint", new { EndpointName = "churn", EndpointConfigName = config, DeploymentConfig = deploymentConfig });
        Assert.True(status == 200, body.ToString());
    }

    [Fact]
    public async Task AllAtOnce_UnderLoad_MovesEveryRequestWithoutFailure()
    {
        await using var load = new Load(_server.Client);
        await UpdateAsync("churn-v2", null);
        var done = await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService" && d.GetProperty("EndpointConfigName").GetString() == "churn-v2");
        Assert.False(done.TryGetProperty("PendingDeploymentSummary", out _));
        Assert.Equal(["Blue", "Green"], done.GetProperty("ProductionVariants").EnumerateArray().Select(v => v.GetProperty("VariantName").GetString()!).ToArray());
        Assert.Equal(2, done.GetProperty("ProductionVariants")[0].GetProperty("CurrentInstanceCount").GetInt32());
        load.Drain();
        var switched = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (load.Served.Count < 200 && DateTime.UtcNow < deadline) await Task.Delay(10);
        var after = load.Drain(startedAfter: switched);
        Assert.NotEmpty(after);
        Assert.All(after, v => Assert.Contains(v, new[] { "Blue", "Green" }));
        await load.DisposeAsync();
        Assert.True(load.Failures == 0, load.FirstFailure);
    }

    [Fact]
    public async Task Canary_SharesTrafficThenCompletes()
    {
        await using var load = new Load(_server.Client);
        await UpdateAsync("churn-v2", Policy("CANARY", wait: 3, canary: new { Type = "CAPACITY_PERCENT", Value = 25 }));
        var canary = await WaitUntilAsync(d => d.TryGetProperty("PendingDeploymentSummary", out var p) &&
            p.GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0].GetProperty("Status").GetString() == "ActivatingTraffic");
        Assert.Equal("Updating", canary.GetProperty("EndpointStatus").GetString());
        Assert.Equal("churn", canary.GetProperty("EndpointConfigName").GetString());
        Assert.Equal("churn-v2", canary.GetProperty("PendingDeploymentSummary").GetProperty("EndpointConfigName").GetString());
        // Sample the canary phase for a second, well inside its 3 s.
        load.Drain();
        var phaseStart = DateTime.UtcNow;
        var phaseEnd = phaseStart.AddSeconds(1);
        while (DateTime.UtcNow < phaseEnd) await Task.Delay(10);
        var sample = load.Drain(startedAfter: phaseStart);
        var stillCanary = (await DescribeAsync()).GetProperty("PendingDeploymentSummary").GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0].GetProperty("Status").GetString();
        Assert.Equal("ActivatingTraffic", stillCanary);
        var n = sample.Count;
        var incoming = sample.Count(v => v is "Blue" or "Green");
        Assert.True(n > 50, $"only {n} requests sampled");
        // Binomial tolerance: 4.5 standard deviations around 25%.
        var sigma = Math.Sqrt(n * 0.25 * 0.75);
        Assert.True(Math.Abs(incoming - n * 0.25) <= 4.5 * sigma, $"{incoming} of {n} went to the canary");

        var done = await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService");
        Assert.Equal("churn-v2", done.GetProperty("EndpointConfigName").GetString());
        Assert.Equal("CANARY", done.GetProperty("LastDeploymentConfig").GetProperty("BlueGreenUpdatePolicy").GetProperty("TrafficRoutingConfiguration").GetProperty("Type").GetString());
        await load.DisposeAsync();
        Assert.True(load.Failures == 0, load.FirstFailure);
    }

    [Fact]
    public async Task Linear_StepsThroughHalfThenAll()
    {
        await UpdateAsync("churn-v2", Policy("LINEAR", wait: 1, linear: new { Type = "CAPACITY_PERCENT", Value = 50 }));
        var seen = new HashSet<string>();
        var done = await WaitUntilAsync(d =>
        {
            if (d.TryGetProperty("PendingDeploymentSummary", out var p))
            {
                var status = p.GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0];
                seen.Add(status.GetProperty("Status").GetString() + ":" + status.GetProperty("StatusMessage").GetString());
            }

            return d.GetProperty("EndpointStatus").GetString() == "InService";
        });
        Assert.Equal("churn-v2", done.GetProperty("EndpointConfigName").GetString());
        Assert.Contains(seen, s => s.StartsWith("ActivatingTraffic:", StringComparison.Ordinal) && s.Contains("50%", StringComparison.Ordinal));
        Assert.Contains(seen, s => s.StartsWith("Baking:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AlarmDuringCanary_RollsBackWithinASecond()
    {
        await using var load = new Load(_server.Client);
        await UpdateAsync("churn-v2", Policy("CANARY", wait: 60, canary: new { Type = "INSTANCE_COUNT", Value = 1 }, alarms: ["churn-errors"]));
        await WaitUntilAsync(d => d.TryGetProperty("PendingDeploymentSummary", out var p) &&
            p.GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0].GetProperty("Status").GetString() == "ActivatingTraffic");
        _alarms.Set("churn-errors", "ALARM");
        var alarmed = DateTime.UtcNow;
        var done = await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService", seconds: 10);
        Assert.True(DateTime.UtcNow - alarmed < TimeSpan.FromSeconds(2), "rollback took too long");
        Assert.Equal("churn", done.GetProperty("EndpointConfigName").GetString());
        Assert.Contains("churn-errors", done.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        load.Drain();
        var rolledBack = DateTime.UtcNow;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (load.Served.Count < 100 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.All(load.Drain(startedAfter: rolledBack), v => Assert.Contains(v, new[] { "Variant1", "Variant2" }));
        await load.DisposeAsync();
        Assert.True(load.Failures == 0, load.FirstFailure);
    }

    [Fact]
    public async Task UnloadableNewModel_RollsBackAndKeepsServing()
    {
        // An artifact that exists (CreateModel checks that) but holds no model: the deployment fails to load it.
        var broken = Directory.CreateDirectory(Path.Combine(_server.DataDirectory, "broken-model")).FullName;
        await _server.SageMakerAsync("CreateModel", new
        {
            ModelName = "broken",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/Turnout",
            PrimaryContainer = new { Image = ChurnEndpoint.Image, ModelDataUrl = "file://" + broken },
        });
        await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "broken",
            ProductionVariants = new[] { new { VariantName = "Broken", ModelName = "broken", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1 } },
        });
        await using var load = new Load(_server.Client);
        await UpdateAsync("broken", null);
        var done = await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService" && d.TryGetProperty("FailureReason", out _));
        Assert.Equal("churn", done.GetProperty("EndpointConfigName").GetString());
        Assert.Contains(broken, done.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        await load.DisposeAsync();
        Assert.True(load.Failures == 0, load.FirstFailure);
        Assert.DoesNotContain("Broken", load.Drain());
    }

    [Fact]
    public async Task RetainAllVariantProperties_KeepsLiveWeightsAndCounts()
    {
        await _server.SageMakerAsync("UpdateEndpointWeightsAndCapacities", new
        {
            EndpointName = "churn",
            DesiredWeightsAndCapacities = new object[] { new { VariantName = "Variant1", DesiredWeight = 3f, DesiredInstanceCount = 3 } },
        });
        await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService");
        Assert.Equal(200, (await _server.SageMakerAsync("CreateEndpointConfig", new
        {
            EndpointConfigName = "churn-same-names",
            ProductionVariants = new[]
            {
                new { VariantName = "Variant1", ModelName = "churn-m2", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = 1f },
                new { VariantName = "Variant2", ModelName = "churn-m1", InstanceType = "ml.m5.xlarge", InitialInstanceCount = 1, InitialVariantWeight = 1f },
            },
        })).Status);
        var (status, _) = await _server.SageMakerAsync("UpdateEndpoint", new
        {
            EndpointName = "churn",
            EndpointConfigName = "churn-same-names",
            RetainAllVariantProperties = true,
            ExcludeRetainedVariantProperties = new[] { new { VariantPropertyType = "DesiredInstanceCount" } },
        });
        Assert.Equal(200, status);
        var done = await WaitUntilAsync(d => d.GetProperty("EndpointStatus").GetString() == "InService" && d.GetProperty("EndpointConfigName").GetString() == "churn-same-names");
        var v1 = done.GetProperty("ProductionVariants")[0];
        Assert.Equal(3, v1.GetProperty("CurrentWeight").GetDouble());
        Assert.Equal(1, v1.GetProperty("CurrentInstanceCount").GetInt32());
    }

    [Fact]
    public async Task Restart_DuringCanary_ConvergesToOldConfig()
    {
        await UpdateAsync("churn-v2", Policy("CANARY", wait: 60, canary: new { Type = "CAPACITY_PERCENT", Value = 10 }));
        await WaitUntilAsync(d => d.TryGetProperty("PendingDeploymentSummary", out var p) &&
            p.GetProperty("ProductionVariants")[0].GetProperty("VariantStatus")[0].GetProperty("Status").GetString() == "ActivatingTraffic");
        var dataDirectory = _server.DataDirectory;
        await _server.DisposeAsync();
        _server = await InProcessServer.StartAsync(dataDirectory, configureServices: s => s.AddSingleton<IAlarmStates>(_alarms));
        var described = await DescribeAsync();
        Assert.Equal("InService", described.GetProperty("EndpointStatus").GetString());
        Assert.Equal("churn", described.GetProperty("EndpointConfigName").GetString());
        Assert.Contains("interrupted by a restart", described.GetProperty("FailureReason").GetString(), StringComparison.Ordinal);
        Assert.False(described.TryGetProperty("PendingDeploymentSummary", out _));
        using var response = await _server.Client.PostAsync("/endpoints/churn/invocations", new StringContent(ChurnEndpoint.Rows[0], Encoding.UTF8, "text/csv"));
        Assert.Contains(response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single(), new[] { "Variant1", "Variant2" });
    }

    [Theory]
    [InlineData("{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"SOMETIMES\",\"WaitIntervalInSeconds\":0}}}", "enum value set")]
    [InlineData("{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"CANARY\",\"WaitIntervalInSeconds\":0,\"CanarySize\":{\"Type\":\"CAPACITY_PERCENT\",\"Value\":60}}}}", "less than or equal to 50")]
    [InlineData("{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"CANARY\",\"WaitIntervalInSeconds\":0,\"CanarySize\":{\"Type\":\"INSTANCE_COUNT\",\"Value\":3}}}}", "more than 50%")]
    [InlineData("{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"LINEAR\",\"WaitIntervalInSeconds\":0,\"LinearStepSize\":{\"Type\":\"CAPACITY_PERCENT\",\"Value\":5}}}}", "greater than or equal to 10")]
    [InlineData("{\"BlueGreenUpdatePolicy\":{\"TrafficRoutingConfiguration\":{\"Type\":\"ALL_AT_ONCE\",\"WaitIntervalInSeconds\":4000}}}", "less than or equal to 3600")]
    public async Task InvalidDeploymentConfig_Refused(string deploymentConfig, string message)
    {
        var body = $"{{\"EndpointName\":\"churn\",\"EndpointConfigName\":\"churn-v2\",\"DeploymentConfig\":{deploymentConfig}}}";
        var (status, result) = await _server.SageMakerAsync("UpdateEndpoint", body);
        Assert.Equal(400, status);
        Assert.Contains(message, result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("InService", (await DescribeAsync()).GetProperty("EndpointStatus").GetString());
    }

    [Fact]
    public async Task UpdateWhileUpdating_RefusedAsInProgress()
    {
        await UpdateAsync("churn-v2", Policy("CANARY", wait: 60, canary: new { Type = "CAPACITY_PERCENT", Value = 10 }));
        var (status, body) = await _server.SageMakerAsync("UpdateEndpoint", new { EndpointName = "churn", EndpointConfigName = "churn" });
        Assert.Equal(400, status);
        Assert.Contains("Cannot update in-progress endpoint", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        _alarms.Set("unused", "OK");
    }

    private sealed class SettableAlarms : IAlarmStates
    {
        private readonly ConcurrentDictionary<string, string> _states = new();

        public void Set(string name, string state) => _states[name] = state;

        public string? GetState(string alarmName) => _states.GetValueOrDefault(alarmName);
    }
}
