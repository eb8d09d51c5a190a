using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>GetMetricStatistics over the <see cref="MetricsHub"/>: standard statistics or percentiles (ExtendedStatistics).</summary>
internal sealed class GetMetricStatisticsOperation(MetricsHub hub) : ICloudWatchOperation
{
    public string Name => "GetMetricStatistics";

    public WireObject Invoke(WireInput input) => ToWire(Execute(Bind(input)));

    public static GetMetricStatisticsRequest Bind(WireInput input)
    {
        var ns = input.GetString("Namespace", required: true, minLength: 1, maxLength: 255)!;
        var name = input.GetString("MetricName", required: true, minLength: 1, maxLength: 255)!;
        var dimensions = MetricInputs.Dimensions(input);
        var (start, end) = MetricInputs.TimeRange(input);
        var period = MetricInputs.Period(input);
        var statistics = input.GetStringList("Statistics", maxCount: 5);
        var extended = input.GetStringList("ExtendedStatistics", maxCount: 10);
        var unit = MetricInputs.Unit(input);

        if (statistics.Count == 0 && extended.Count == 0)
        {
            throw CloudWatchException.Missing("Statistics or ExtendedStatistics");
        }

        if (statistics.Count > 0 && extended.Count > 0)
        {
            throw CloudWatchException.Combination("The parameters Statistics and ExtendedStatistics are mutually exclusive.");
        }

        for (var i = 0; i < extended.Count; i++)
        {
            if (!Percentiles.TryParse(extended[i], out _))
            {
                throw CloudWatchException.Invalid(
                    $"The parameter ExtendedStatistics.member.{i + 1} must be a percentile such as p50, p99 or p99.9; '{extended[i]}' is not supported.");
            }
        }

        var wanted = MetricStatistics.None;
        for (var i = 0; i < statistics.Count; i++)
        {
            wanted |= MetricInputs.Statistic(statistics[i], $"Statistics.member.{i + 1}");
        }

        MetricInputs.CheckDatapointLimit(start, end, period);
        return new GetMetricStatisticsRequest(ns, name, dimensions, start, end, period, wanted, unit, extended);
    }

    public GetMetricStatisticsResult Execute(GetMetricStatisticsRequest request)
    {
        var datapoints = hub.GetStatistics(new MetricStatisticsQuery(
            request.Namespace, request.MetricName, request.Dimensions, request.StartTime, request.EndTime,
            request.Period, request.Statistics, request.Unit, request.ExtendedStatistics));
        return new GetMetricStatisticsResult(request.MetricName, datapoints);
    }

    public static WireObject ToWire(GetMetricStatisticsResult result)
    {
        var datapoints = new List<object>(result.Datapoints.Count);
        foreach (var d in result.Datapoints)
        {
            datapoints.Add(new WireObject()
                .Add("Timestamp", d.Timestamp)
                .Add("SampleCount", d.SampleCount)
                .Add("Average", d.Average)
                .Add("Sum", d.Sum)
                .Add("Minimum", d.Minimum)
                .Add("Maximum", d.Maximum)
                .Add("Unit", d.Unit)
                .Add("ExtendedStatistics", ToWire(d.ExtendedStatistics)));
        }

        return new WireObject().Add("Label", result.Label).Add("Datapoints", datapoints);
    }

    private static WireMap? ToWire(IReadOnlyDictionary<string, double>? extended)
    {
        if (extended is null)
        {
            return null;
        }

        var map = new WireMap();
        foreach (var (name, value) in extended)
        {
            map.Add(name, value);
        }

        return map;
    }
}
