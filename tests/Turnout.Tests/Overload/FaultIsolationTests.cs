using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Tests.Support;
using Turnout.Wire.Prometheus;

namespace Turnout.Tests.Overload;

/// <summary>
/// Backpressure, the model timeout and fault isolation on a real in-process server with the real churn
/// models. Faults come from <see cref="TestFaults"/> (TURNOUT_TEST_FAULTS=1): a sentinel first feature makes
/// the deployed model throw or block, so everything else on the request path is the production code.
/// </summary>
[Collection(OverloadCollection.Name)]
public sealed class FaultIsolationTests : IAsyncLifetime
{
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(TestFaults.Variable, "1");
        // Blocked model threads are pool threads here; enough of them up front that the test's own requests need no injection.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
        _server = await InProcessServer.StartAsync(configureOptions: o => o with { MaxQueuePerInstance = 1, ModelTimeout = TimeSpan.FromSeconds(2) });
        await ChurnEndpoint.CreateAsync(_server, "faulty");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Environment.SetEnvironmentVariable(TestFaults.Variable, null);
    }

    // ml.m5.xlarge's catalogue concurrency (4) plus --max-queue-per-instance 1.
    private const int Capacity = 4 + 1;

    private static string FaultRow(float sentinel, float seconds = 0)
    {
        var fields = ChurnEndpoint.Rows[0].Split(',');
        fields[0] = sentinel.ToString(CultureInfo.InvariantCulture);
        fields[1] = seconds.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', fields);
    }

    private Task<HttpResponseMessage> InvokeAsync(string body, string variant)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/faulty/invocations") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        request.Headers.Add("X-Amzn-SageMaker-Target-Variant", variant);
        return _server.Client.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(code, response.Headers.GetValues("x-amzn-ErrorType").Single());
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal(code, body.GetProperty("__type").GetString());
        return body;
    }

    private async Task AssertServesAsync(string variant)
    {
        using var ok = await InvokeAsync(ChurnEndpoint.Rows[1], variant);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(variant, ok.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single());
    }

    [Fact]
    public async Task ThrowingModel_ModelErrorForThatRequestOnly_OthersKeepServing()
    {
        using var thrown = await InvokeAsync(FaultRow(TestFaults.ThrowSentinel), "Variant1");
        var body = await ErrorAsync(thrown, HttpStatusCode.FailedDependency, "ModelError");
        Assert.Equal(500, body.GetProperty("OriginalStatusCode").GetInt32());
        Assert.Contains("test fault", body.GetProperty("OriginalMessage").GetString(), StringComparison.Ordinal);
        await AssertServesAsync("Variant1");
        await AssertServesAsync("Variant2");
    }

    [Fact]
    public async Task FullVariant_503ServiceUnavailableAtOnce_OtherVariantServes_RecoversAfter()
    {
        // Fill every slot of Variant1's only instance with invocations that block for 1.5 s (inside the 2 s timeout).
        var hung = Enumerable.Range(0, Capacity).Select(_ => InvokeAsync(FaultRow(TestFaults.HangSentinel, 1.5f), "Variant1")).ToArray();
        var instance = Instance("Variant1");
        var deadline = Stopwatch.StartNew();
        while (instance.InFlight < Capacity && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Yield();
        }

        Assert.Equal(Capacity, instance.InFlight);
        var clock = Stopwatch.StartNew();
        using (var refused = await InvokeAsync(ChurnEndpoint.Rows[1], "Variant1"))
        {
            var body = await ErrorAsync(refused, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
            Assert.Contains("at capacity", body.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        var refusalTime = clock.Elapsed;
        // The refusal does not wait for the blocked work (1.5 s); other variants are untouched.
        Assert.True(refusalTime < TimeSpan.FromSeconds(1), $"503 took {refusalTime.TotalMilliseconds:F0} ms");
        await AssertServesAsync("Variant2");

        foreach (var response in await Task.WhenAll(hung))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        await AssertServesAsync("Variant1");
        var metrics = _server.Services.GetRequiredService<PrometheusExporter>().Render();
        Assert.Contains("turnout_invocations_throttled_total{endpoint=\"faulty\",variant=\"Variant1\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StuckModel_ModelErrorAfterTimeout_InstanceReplaced_OthersKeepServing()
    {
        var instance = Instance("Variant1");
        var clock = Stopwatch.StartNew();
        var stuck = InvokeAsync(FaultRow(TestFaults.HangSentinel, 8), "Variant1");
        // While it is stuck the other variant serves.
        await AssertServesAsync("Variant2");

        using var response = await stuck;
        var elapsed = clock.Elapsed;
        var body = await ErrorAsync(response, HttpStatusCode.FailedDependency, "ModelError");
        Assert.Equal(504, body.GetProperty("OriginalStatusCode").GetInt32());
        Assert.Contains("--model-timeout", body.GetProperty("OriginalMessage").GetString(), StringComparison.Ordinal);
        Assert.Equal("Variant1", response.Headers.GetValues("x-Amzn-Invoked-Production-Variant").Single());
        // Answered at the timeout (2 s) plus at most a watchdog interval, long before the model's 8 s.
        Assert.InRange(elapsed.TotalSeconds, 2.0, 5.0);
        Assert.Equal(1, instance.Replacements);

        // The fresh core serves at once, although the old thread is still inside the model.
        await AssertServesAsync("Variant1");
        Assert.Equal(0, instance.InFlight);
        var metrics = _server.Services.GetRequiredService<PrometheusExporter>().Render();
        Assert.Contains("turnout_invocations_timed_out_total{endpoint=\"faulty\",variant=\"Variant1\"} 1", metrics, StringComparison.Ordinal);
    }

    private ModelInstance Instance(string variant)
    {
        Assert.True(_server.Services.GetRequiredService<RoutingRegistry>().TryGet("faulty", out var table));
        return table.Find(variant)!.Instances.Single();
    }
}

[CollectionDefinition(Name)]
public sealed class OverloadCollection
{
    public const string Name = "Overload (blocks pool threads)";
}
