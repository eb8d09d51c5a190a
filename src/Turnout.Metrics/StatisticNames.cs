namespace Turnout.Metrics;

/// <summary>
/// CloudWatch's statistic names, for callers holding an already validated name (alarms, scaling policies):
/// anything not listed is Maximum, the one name left.
/// </summary>
public static class StatisticNames
{
    public static MetricStatistics Flag(string statistic) => statistic switch
    {
        "SampleCount" => MetricStatistics.SampleCount,
        "Average" => MetricStatistics.Average,
        "Sum" => MetricStatistics.Sum,
        "Minimum" => MetricStatistics.Minimum,
        _ => MetricStatistics.Maximum,
    };

    public static double? Of(MetricDatapoint point, string statistic) => statistic switch
    {
        "SampleCount" => point.SampleCount,
        "Average" => point.Average,
        "Sum" => point.Sum,
        "Minimum" => point.Minimum,
        _ => point.Maximum,
    };
}
