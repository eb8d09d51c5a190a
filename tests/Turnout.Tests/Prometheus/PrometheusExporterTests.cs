using System.Globalization;
using System.Text.Json;
using Turnout.Metrics;
using Turnout.Tests.CloudWatch;
using Turnout.Tests.Metrics;
using Turnout.Wire.Prometheus;

namespace Turnout.Tests.Prometheus;

public sealed class PrometheusExporterTests
{
    private const string DebianPython = "/usr/bin/python3";
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_ParsedByPrometheusClient_CountersHistogramsAndProcessMetrics()
    {
        var clock = new ManualTimeProvider(T0);
        using var hub = new MetricsHub(clock);
        var v1 = hub.GetVariant("churn \"ab\"", "Variant1");
        var v2 = hub.GetVariant("churn \"ab\"", "Variant2");
        for (var i = 0; i < 100; i++)
        {
            v1.RecordInvocation(i < 3 ? InvocationOutcome.ServerError : InvocationOutcome.Success, 50 + (i * 100), 20, 1);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        hub.Maintain(); // half the data harvested, half still live: both must show
        v2.RecordInvocation(InvocationOutcome.ClientError, 2_000_000, 30, 1);
        v1.RecordInvocation(InvocationOutcome.Success, 60_000_000, 20, 1);

        var samples = await ParseAsync(new PrometheusExporter(hub).Render());
        double Value(string name, params (string Key, string Value)[] labels) => Assert.Single(samples, s => s.Name == name
            && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).Value;

        Assert.Equal(101, Value("turnout_invocations_total", ("endpoint", "churn \"ab\""), ("variant", "Variant1")));
        Assert.Equal(3, Value("turnout_invocation_errors_total", ("variant", "Variant1"), ("class", "5xx")));
        Assert.Equal(1, Value("turnout_invocation_errors_total", ("variant", "Variant2"), ("class", "4xx")));

        var buckets = samples.Where(s => s.Name == "turnout_model_latency_seconds_bucket" && s.Labels["variant"] == "Variant1")
            .Select(s => (Le: s.Labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(s.Labels["le"], CultureInfo.InvariantCulture), s.Value))
            .ToList();
        Assert.Equal(buckets.OrderBy(b => b.Le).Select(b => b.Value).Order(), buckets.OrderBy(b => b.Le).Select(b => b.Value));
        Assert.Equal(101, buckets.Single(b => double.IsPositiveInfinity(b.Le)).Value);
        Assert.Equal(100, buckets.Single(b => b.Le == 10).Value); // 60 s is above the largest bound
        Assert.Equal(1, buckets.Single(b => b.Le == 0.0001).Value); // only the 50 µs sample
        Assert.Equal(101, Value("turnout_model_latency_seconds_count", ("variant", "Variant1")));
        var expectedSum = (Enumerable.Range(0, 100).Sum(i => 50.0 + (i * 100)) + 60_000_000) / 1e6;
        Assert.Equal(expectedSum, Value("turnout_model_latency_seconds_sum", ("variant", "Variant1")), 9);

        Assert.True(Value("process_cpu_seconds_total") > 0);
        Assert.True(Value("process_resident_memory_bytes") > 0);
        Assert.True(Value("turnout_metrics_storage_bytes") > 0);
        Assert.Contains(samples, s => s.Name == "dotnet_gc_collections_total");
    }

    [Fact]
    public void Render_Twice_DoesNotChangeRecordedState()
    {
        using var hub = new MetricsHub(new ManualTimeProvider(T0));
        var v = hub.GetVariant("ep", "v");
        v.RecordInvocation(InvocationOutcome.Success, 10, 1, 1);
        var exporter = new PrometheusExporter(hub);
        Assert.Equal(exporter.Render().Split('\n').Where(l => l.StartsWith("turnout_", StringComparison.Ordinal) && !l.StartsWith("turnout_metrics", StringComparison.Ordinal)),
            exporter.Render().Split('\n').Where(l => l.StartsWith("turnout_", StringComparison.Ordinal) && !l.StartsWith("turnout_metrics", StringComparison.Ordinal)));
        Assert.Equal(1, v.TotalInvocations);
    }

    internal static async Task<List<PromSample>> ParseAsync(string exposition)
    {
        Assert.True(File.Exists(DebianPython), $"{DebianPython} is missing. {ClientProcess.InstallHint}");
        var file = Path.Combine(Path.GetTempPath(), $"turnout-prom-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, exposition);
        try
        {
            var (exit, stdout, stderr) = await ClientProcess.RunAsync(DebianPython, [ClientProcess.ScriptPath("prom_parse.py"), file], TimeSpan.FromSeconds(60));
            Assert.True(exit == 0, $"prometheus_client rejected the exposition (apt-get install python3-prometheus-client): {stderr}");
            using var doc = JsonDocument.Parse(stdout);
            return [.. doc.RootElement.EnumerateArray().Select(s => new PromSample(
                s.GetProperty("name").GetString()!,
                s.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                s.GetProperty("value").GetDouble()))];
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal sealed record PromSample(string Name, Dictionary<string, string> Labels, double Value);
}
