namespace Turnout.Metrics;

/// <summary>The CloudWatch standard statistics a query asks for.</summary>
[Flags]
public enum MetricStatistics
{
    None = 0,
    SampleCount = 1,
    Average = 2,
    Sum = 4,
    Minimum = 8,
    Maximum = 16,
}
