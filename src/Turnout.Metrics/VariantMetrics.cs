namespace Turnout.Metrics;

/// <summary>
/// Hot-path recorder for one production variant. The runtime holds a reference in its routing table,
/// so recording never looks anything up. Must be lock-free and allocation-free.
/// </summary>
public sealed class VariantMetrics
{
    internal VariantMetrics(string endpointName, string variantName)
    {
        EndpointName = endpointName;
        VariantName = variantName;
    }

    public string EndpointName { get; }
    public string VariantName { get; }

    /// <summary>
    /// Records one invocation: Invocations (+1), Invocation4XXErrors/5XXErrors (1 or 0 samples),
    /// InvocationsPerInstance (1/activeInstances), ModelLatency and OverheadLatency (microseconds).
    /// </summary>
    public void RecordInvocation(InvocationOutcome outcome, long modelLatencyMicros, long overheadLatencyMicros, int activeInstances)
    {
        // Placeholder until the metrics store lands.
        _ = (outcome, modelLatencyMicros, overheadLatencyMicros, activeInstances);
    }
}
