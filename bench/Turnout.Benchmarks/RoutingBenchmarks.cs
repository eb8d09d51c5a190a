using BenchmarkDotNet.Attributes;
using Turnout.Metrics;
using Turnout.Models;
using Turnout.Runtime.Codecs;
using Turnout.Runtime.Routing;

namespace Turnout.Benchmarks;

/// <summary>
/// The routing step of the hot path: reading the table and drawing a variant. The baseline is the
/// random draw alone, so the Ratio column shows what routing adds on top of it.
/// </summary>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private readonly RoutingRegistry _registry = new();

    [GlobalSetup]
    public void Setup()
    {
        var hub = new MetricsHub(TimeProvider.System);
        var predictor = new NullPredictor();
        var variants = new List<VariantRoute>();
        for (var i = 0; i < 4; i++)
        {
            var instances = Enumerable.Range(0, 4).Select(n => new ModelInstance(n, predictor)).ToArray();
            variants.Add(new VariantRoute($"Variant{i}", "m", i + 1, instances, OutputStyle.CommaJoined, hub.GetVariant("ep", $"Variant{i}"), false));
        }

        _registry.Publish(new RoutingTable("ep", variants));
    }

    [Benchmark(Baseline = true)]
    public double RandomDrawOnly() => Random.Shared.NextDouble();

    [Benchmark]
    public ModelInstance? LookupPickVariantAndInstance()
    {
        if (!_registry.TryGet("ep", out var table))
        {
            return null;
        }

        var variant = table.PickWeighted(Random.Shared.NextDouble());
        return variant?.PickInstance((uint)Environment.CurrentManagedThreadId);
    }

    [Benchmark]
    public VariantRoute? LookupTargetVariant() => _registry.TryGet("ep", out var table) ? table.Find("Variant2") : null;

    private sealed class NullPredictor : IPredictor
    {
        public int FeatureCount => 1;
        public int OutputCount => 1;
        public string Objective => "reg:squarederror";

        public void Predict(ReadOnlySpan<float> features, int rowCount, Span<float> output) => output.Clear();
    }
}
