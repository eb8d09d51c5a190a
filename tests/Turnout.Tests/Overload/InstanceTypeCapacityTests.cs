using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Tests.Support;

namespace Turnout.Tests.Overload;

/// <summary>
/// Each variant's instances hold their instance type's concurrency plus <c>--max-queue-per-instance</c>, on a
/// real in-process server with a custom catalogue and the blocking test model (TURNOUT_TEST_FAULTS=1).
/// </summary>
[Collection(OverloadCollection.Name)]
public sealed class InstanceTypeCapacityTests : IAsyncLifetime
{
    private const int Queue = 1;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "turnout-catalog-" + Guid.NewGuid().ToString("N"));
    private InProcessServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(TestFaults.Variable, "1");
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), io);
        Directory.CreateDirectory(_directory);
        var catalog = Path.Combine(_directory, "catalog.json");
        await File.WriteAllTextAsync(catalog, """
            {"instanceTypes": {
              "ml.test.one": {"vcpus": 1, "memoryGiB": 2, "concurrency": 1},
              "ml.test.three": {"vcpus": 4, "memoryGiB": 8, "concurrency": 3}
            }}
            """);
        _server = await InProcessServer.StartAsync(configureOptions: o => o with { MaxQueuePerInstance = Queue, InstanceCatalogFile = catalog });
        await ChurnEndpoint.CreateAsync(_server, "typed", instanceType1: "ml.test.one", instanceType2: "ml.test.three");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Environment.SetEnvironmentVariable(TestFaults.Variable, null);
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void InstanceCapacity_IsTheTypesConcurrencyPlusQueue()
    {
        Assert.Equal(1 + Queue, Instance("Variant1").Capacity);
        Assert.Equal(3 + Queue, Instance("Variant2").Capacity);
    }

    [Theory]
    [InlineData("Variant1", 1 + Queue)]
    [InlineData("Variant2", 3 + Queue)]
    public async Task Variant_AdmitsConcurrencyPlusQueue_503sTheRest(string variant, int capacity)
    {
        var instance = Instance(variant);
        var blocked = Enumerable.Range(0, capacity).Select(_ => InvokeAsync(BlockingRow(2), variant)).ToArray();
        var deadline = Stopwatch.StartNew();
        while (instance.InFlight < capacity && deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Yield();
        }

        Assert.Equal(capacity, instance.InFlight);
        using (var refused = await InvokeAsync(ChurnEndpoint.Rows[1], variant))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Contains($"holds {capacity} requests", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(capacity, instance.InFlight);
        foreach (var response in await Task.WhenAll(blocked))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }

        using var ok = await InvokeAsync(ChurnEndpoint.Rows[1], variant);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static string BlockingRow(float seconds)
    {
        var fields = ChurnEndpoint.Rows[0].Split(',');
        fields[0] = TestFaults.HangSentinel.ToString(CultureInfo.InvariantCulture);
        fields[1] = seconds.ToString(CultureInfo.InvariantCulture);
        return string.Join(',', fields);
    }

    private Task<HttpResponseMessage> InvokeAsync(string body, string variant)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/endpoints/typed/invocations") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/csv");
        request.Headers.Add("X-Amzn-SageMaker-Target-Variant", variant);
        return _server.Client.SendAsync(request);
    }

    private ModelInstance Instance(string variant)
    {
        Assert.True(_server.Services.GetRequiredService<RoutingRegistry>().TryGet("typed", out var table));
        return table.Find(variant)!.Instances.Single();
    }
}
