using System.Text.RegularExpressions;
using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>GetMetricData for MetricStat queries over the in-memory <see cref="MetricsHub"/>; results come in one page.</summary>
internal sealed partial class GetMetricDataOperation(MetricsHub hub) : ICloudWatchOperation
{
    private const int MaxQueries = 500;
    private const int MaxTotalDatapoints = 100_800;

    public string Name => "GetMetricData";

    public WireObject Invoke(WireInput input) => ToWire(Execute(Bind(input)));

    public static GetMetricDataRequest Bind(WireInput input)
    {
        if (!input.Has("MetricDataQueries"))
        {
            throw CloudWatchException.Missing("MetricDataQueries");
        }

        var raw = input.GetStructureList("MetricDataQueries", maxCount: MaxQueries);
        if (raw.Count == 0)
        {
            throw CloudWatchException.Missing("MetricDataQueries");
        }

        var (start, end) = MetricInputs.TimeRange(input);
        var scanBy = input.GetString("ScanBy");
        if (scanBy is not (null or "TimestampDescending" or "TimestampAscending"))
        {
            throw CloudWatchException.Invalid("The parameter ScanBy must be TimestampDescending or TimestampAscending.");
        }

        if (input.GetString("NextToken") is { Length: > 0 })
        {
            // Every answer fits one page, so no token was ever issued.
            throw new CloudWatchException(CloudWatchErrors.InvalidNextToken, "The service returned an invalid NextToken.");
        }

        var queries = new List<MetricDataQuery>(raw.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        double datapoints = 0;
        foreach (var q in raw)
        {
            var id = q.GetString("Id", required: true, minLength: 1, maxLength: 255)!;
            if (!IdPattern().IsMatch(id))
            {
                throw CloudWatchException.Invalid($"The value {id} for parameter Id is not valid: it must start with a lowercase letter and contain only letters, digits and underscores.");
            }

            if (!ids.Add(id))
            {
                throw CloudWatchException.Invalid($"The value {id} for parameter Id is used more than once.");
            }

            if (q.Has("Expression"))
            {
                throw CloudWatchException.Invalid("Metric math expressions are not supported by this server; use MetricStat.");
            }

            var stat = q.GetStructure("MetricStat", required: true)!;
            var metric = stat.GetStructure("Metric", required: true)!;
            var period = MetricInputs.Period(stat);
            datapoints += Math.Ceiling((end - start).TotalSeconds / period);
            queries.Add(new MetricDataQuery(
                id,
                q.GetString("Label"),
                q.GetBoolean("ReturnData") ?? true,
                metric.GetString("Namespace", required: true, minLength: 1, maxLength: 255)!,
                metric.GetString("MetricName", required: true, minLength: 1, maxLength: 255)!,
                MetricInputs.Dimensions(metric),
                period,
                MetricInputs.Statistic(stat.GetString("Stat", required: true)!, "Stat"),
                MetricInputs.Unit(stat)));
        }

        if (datapoints > MaxTotalDatapoints)
        {
            throw CloudWatchException.Combination($"You have requested up to {datapoints:0} datapoints, which exceeds the limit of 100,800.");
        }

        return new GetMetricDataRequest(queries, start, end, scanBy == "TimestampAscending");
    }

    public IReadOnlyList<MetricDataResult> Execute(GetMetricDataRequest request)
    {
        var results = new List<MetricDataResult>();
        foreach (var q in request.Queries)
        {
            if (!q.ReturnData)
            {
                continue;
            }

            var points = hub.GetStatistics(new MetricStatisticsQuery(
                q.Namespace, q.MetricName, q.Dimensions, request.StartTime, request.EndTime, q.Period, q.Stat, q.Unit));
            var ordered = request.Ascending ? points : points.Reverse();
            var timestamps = new List<DateTimeOffset>(points.Count);
            var values = new List<double>(points.Count);
            foreach (var p in ordered)
            {
                timestamps.Add(p.Timestamp);
                values.Add(Value(p, q.Stat));
            }

            results.Add(new MetricDataResult(q.Id, q.Label ?? q.MetricName, timestamps, values));
        }

        return results;
    }

    public static WireObject ToWire(IReadOnlyList<MetricDataResult> results)
    {
        var list = new List<object>(results.Count);
        foreach (var r in results)
        {
            list.Add(new WireObject()
                .Add("Id", r.Id)
                .Add("Label", r.Label)
                .Add("Timestamps", r.Timestamps.Select(t => (object)t).ToList())
                .Add("Values", r.Values.Select(v => (object)v).ToList())
                .Add("StatusCode", "Complete"));
        }

        return new WireObject().Add("MetricDataResults", list).Add("Messages", new List<object>());
    }

    private static double Value(MetricDatapoint p, MetricStatistics stat) => stat switch
    {
        MetricStatistics.SampleCount => p.SampleCount ?? 0,
        MetricStatistics.Average => p.Average ?? 0,
        MetricStatistics.Sum => p.Sum ?? 0,
        MetricStatistics.Minimum => p.Minimum ?? 0,
        _ => p.Maximum ?? 0,
    };

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex IdPattern();
}
