namespace Turnout.Metrics;

/// <summary>All metric series of this process: hot-path recorders per variant, and the query side CloudWatch calls read.</summary>
public sealed class MetricsHub(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>The recorder for a variant; the same instance for the same names.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string), VariantMetrics> _variants = new();

    public VariantMetrics GetVariant(string endpointName, string variantName) =>
        _variants.GetOrAdd((endpointName, variantName), static k => new VariantMetrics(k.Item1, k.Item2));
}
