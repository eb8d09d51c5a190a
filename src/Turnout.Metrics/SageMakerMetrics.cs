namespace Turnout.Metrics;

/// <summary>Names and units of the SageMaker endpoint metrics (AWS monitoring-cloudwatch.md).</summary>
public static class SageMakerMetrics
{
    public const string Namespace = "AWS/SageMaker";

    /// <summary>Where SageMaker publishes instance metrics (CPUUtilization, MemoryUtilization).</summary>
    public const string InstanceNamespace = "/aws/sagemaker/Endpoints";

    public const string EndpointNameDimension = "EndpointName";
    public const string VariantNameDimension = "VariantName";

    public const string UnitNone = "None";
    public const string UnitMicroseconds = "Microseconds";
    public const string UnitPercent = "Percent";

    public const string CpuUtilization = "CPUUtilization";
    public const string MemoryUtilization = "MemoryUtilization";

    /// <summary>
    /// Per-variant metric names in the order ListMetrics reports them. QueueingLatency is Turnout's own: the
    /// part of OverheadLatency spent waiting for a free model instance.
    /// </summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        ["Invocations", "Invocation4XXErrors", "Invocation5XXErrors", "InvocationsPerInstance", "ModelLatency", "OverheadLatency", "QueueingLatency"];

    internal static bool TryParse(string name, out SageMakerMetric metric)
    {
        for (var i = 0; i < MetricNames.Count; i++)
        {
            if (string.Equals(MetricNames[i], name, StringComparison.Ordinal))
            {
                metric = (SageMakerMetric)i;
                return true;
            }
        }

        metric = default;
        return false;
    }

    internal static string NameOf(SageMakerMetric metric) => MetricNames[(int)metric];

    internal static string UnitOf(SageMakerMetric metric) => metric switch
    {
        SageMakerMetric.ModelLatency or SageMakerMetric.OverheadLatency or SageMakerMetric.QueueingLatency => UnitMicroseconds,
        _ => UnitNone,
    };

    internal static MetricDimension[] DimensionsOf(string endpointName, string variantName) =>
        [new(EndpointNameDimension, endpointName), new(VariantNameDimension, variantName)];
}
