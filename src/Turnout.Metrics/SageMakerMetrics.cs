namespace Turnout.Metrics;

/// <summary>Names and units of the AWS/SageMaker endpoint metrics (AWS monitoring-cloudwatch.md).</summary>
public static class SageMakerMetrics
{
    public const string Namespace = "AWS/SageMaker";
    public const string EndpointNameDimension = "EndpointName";
    public const string VariantNameDimension = "VariantName";

    public const string UnitNone = "None";
    public const string UnitMicroseconds = "Microseconds";

    /// <summary>Metric names in the order ListMetrics reports them.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
        ["Invocations", "Invocation4XXErrors", "Invocation5XXErrors", "InvocationsPerInstance", "ModelLatency", "OverheadLatency"];

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
        SageMakerMetric.ModelLatency or SageMakerMetric.OverheadLatency => UnitMicroseconds,
        _ => UnitNone,
    };
}
