namespace Turnout.Metrics;

/// <summary>All metric series of this process: hot-path recorders per variant, and the query side CloudWatch calls read.</summary>
public sealed class MetricsHub(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    /// <summary>The recorder for a variant; the same instance for the same names.</summary>
    public VariantMetrics GetVariant(string endpointName, string variantName)
    {
        throw new NotImplementedException();
    }
}
