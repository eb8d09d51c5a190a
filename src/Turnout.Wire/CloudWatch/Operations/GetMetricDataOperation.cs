using System.Text.RegularExpressions;
using Turnout.Metrics;
using Turnout.Wire.CloudWatch.MetricMath;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>
/// GetMetricData over the <see cref="MetricsHub"/>: MetricStat queries (any standard statistic or
/// percentile), metric-math expressions over them, Label, ReturnData, ScanBy, and pagination by
/// MaxDatapoints/NextToken. Every page recomputes the results and resumes at the token's position.
/// </summary>
internal sealed partial class GetMetricDataOperation(MetricsHub hub) : ICloudWatchOperation
{
    private const int MaxQueries = 500;
    private const int DefaultMaxDatapoints = 100_800;

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

        var maxDatapoints = input.GetInt64("MaxDatapoints") ?? DefaultMaxDatapoints;
        if (maxDatapoints < 1 || maxDatapoints > DefaultMaxDatapoints)
        {
            throw CloudWatchException.Invalid($"The parameter MaxDatapoints must be between 1 and {DefaultMaxDatapoints}.");
        }

        var cursor = DataCursorToken.Decode(input.GetString("NextToken"));
        var queries = new List<MetricDataQuery>(raw.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
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

            var expression = q.GetString("Expression", minLength: 1, maxLength: 2048);
            var stat = q.GetStructure("MetricStat");
            if ((expression is null) == (stat is null))
            {
                throw CloudWatchException.Invalid($"The query {id} must have exactly one of MetricStat and Expression.");
            }

            int? period = q.Has("Period") ? MetricInputs.Period(q) : null;
            MetricStatSpec? spec = null;
            if (stat is not null)
            {
                var metric = stat.GetStructure("Metric", required: true)!;
                var statName = stat.GetString("Stat", required: true)!;
                if (!IsStatistic(statName))
                {
                    throw CloudWatchException.Invalid($"The value {statName} for parameter {stat.PathOf("Stat")} is not a supported statistic (SampleCount, Average, Sum, Minimum, Maximum or a percentile such as p99).");
                }

                spec = new MetricStatSpec(
                    metric.GetString("Namespace", required: true, minLength: 1, maxLength: 255)!,
                    metric.GetString("MetricName", required: true, minLength: 1, maxLength: 255)!,
                    MetricInputs.Dimensions(metric),
                    MetricInputs.Period(stat),
                    statName,
                    MetricInputs.Unit(stat));
            }
            else
            {
                // Syntax errors surface at bind time, before any data is read.
                MathParser.Parse(expression!);
            }

            queries.Add(new MetricDataQuery(id, q.GetString("Label"), q.GetBoolean("ReturnData") ?? true, period, spec, expression));
        }

        return new GetMetricDataRequest(queries, start, end, scanBy == "TimestampAscending", (int)maxDatapoints, cursor);
    }

    public GetMetricDataPage Execute(GetMetricDataRequest request)
    {
        var all = Evaluate(request);
        var (resultIndex, pointIndex) = request.Cursor;
        if (resultIndex > all.Count || (resultIndex < all.Count && pointIndex > all[resultIndex].Values.Count))
        {
            throw new CloudWatchException(CloudWatchErrors.InvalidNextToken, "The service returned an invalid NextToken.");
        }

        var page = new List<MetricDataResult>();
        var budget = request.MaxDatapoints;
        for (var i = resultIndex; i < all.Count; i++)
        {
            var result = all[i];
            var from = i == resultIndex ? pointIndex : 0;
            var take = Math.Min(budget, result.Values.Count - from);
            if (take < result.Values.Count - from)
            {
                page.Add(Slice(result, from, take, "PartialData"));
                return new GetMetricDataPage(page, DataCursorToken.Encode(i, from + take));
            }

            page.Add(Slice(result, from, take, "Complete"));
            budget -= take;
            if (budget == 0 && i + 1 < all.Count)
            {
                return new GetMetricDataPage(page, DataCursorToken.Encode(i + 1, 0));
            }
        }

        return new GetMetricDataPage(page, null);
    }

    public static WireObject ToWire(GetMetricDataPage page)
    {
        var list = new List<object>(page.Results.Count);
        foreach (var r in page.Results)
        {
            list.Add(new WireObject()
                .Add("Id", r.Id)
                .Add("Label", r.Label)
                .Add("Timestamps", r.Timestamps.Select(t => (object)t).ToList())
                .Add("Values", r.Values.Select(v => (object)v).ToList())
                .Add("StatusCode", r.StatusCode));
        }

        return new WireObject().Add("MetricDataResults", list).Add("NextToken", page.NextToken).Add("Messages", new List<object>());
    }

    private List<MetricDataResult> Evaluate(GetMetricDataRequest request)
    {
        var startSeconds = request.StartTime.ToUnixTimeSeconds();
        var endSeconds = request.EndTime.ToUnixTimeSeconds();
        var byId = request.Queries.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var values = new Dictionary<string, MathValue>(StringComparer.Ordinal);
        var inProgress = new HashSet<string>(StringComparer.Ordinal);
        var metricStats = new List<TimeSeries>();
        foreach (var q in request.Queries)
        {
            if (q.MetricStat is { } spec)
            {
                var series = Fetch(q, spec, request);
                values[q.Id] = MathValue.Of(series);
                metricStats.Add(series);
            }
        }

        MathEvaluator? evaluator = null;
        MathValue? Resolve(string id)
        {
            if (values.TryGetValue(id, out var known))
            {
                return known;
            }

            if (!byId.TryGetValue(id, out var q) || q.Expression is null)
            {
                return null;
            }

            if (!inProgress.Add(id))
            {
                throw CloudWatchException.Invalid($"Error in metric math expression: the query {id} refers to itself.");
            }

            var value = evaluator!.Evaluate(MathParser.Parse(q.Expression));
            inProgress.Remove(id);
            values[id] = value;
            return value;
        }

        evaluator = new MathEvaluator(Resolve, metricStats, startSeconds, endSeconds);
        var results = new List<MetricDataResult>();
        foreach (var q in request.Queries)
        {
            if (!q.ReturnData)
            {
                continue;
            }

            var value = Resolve(q.Id)!;
            if (value.Scalar is { } scalar)
            {
                // A scalar result is shown at every timestamp the request's metrics have.
                var times = new SortedDictionary<long, double>();
                foreach (var t in metricStats.SelectMany(s => s.Points.Keys).Distinct())
                {
                    if (double.IsFinite(scalar))
                    {
                        times[t] = scalar;
                    }
                }

                results.Add(ToResult(q.Id, q.Label ?? q.Id, times, request.Ascending));
            }
            else if (value.IsArray)
            {
                foreach (var s in value.Series)
                {
                    results.Add(ToResult(q.Id, q.Label is null ? s.Label : $"{q.Label} {s.Label}", s.Points, request.Ascending));
                }
            }
            else
            {
                var s = value.Series[0];
                results.Add(ToResult(q.Id, q.Label ?? (q.MetricStat is null ? q.Id : s.Label), s.Points, request.Ascending));
            }
        }

        return results;
    }

    private TimeSeries Fetch(MetricDataQuery q, MetricStatSpec spec, GetMetricDataRequest request)
    {
        var standard = StandardStatistic(spec.Stat);
        var datapoints = hub.GetStatistics(new MetricStatisticsQuery(
            spec.Namespace, spec.MetricName, spec.Dimensions, request.StartTime, request.EndTime, spec.Period,
            standard, spec.Unit, standard == MetricStatistics.None ? [spec.Stat] : null));
        var points = new SortedDictionary<long, double>();
        foreach (var p in datapoints)
        {
            double? value = standard switch
            {
                MetricStatistics.SampleCount => p.SampleCount,
                MetricStatistics.Average => p.Average,
                MetricStatistics.Sum => p.Sum,
                MetricStatistics.Minimum => p.Minimum,
                MetricStatistics.Maximum => p.Maximum,
                _ => p.ExtendedStatistics?.GetValueOrDefault(spec.Stat),
            };
            if (value is { } v && (standard != MetricStatistics.None || p.ExtendedStatistics!.ContainsKey(spec.Stat)))
            {
                points[p.Timestamp.ToUnixTimeSeconds()] = v;
            }
        }

        return new TimeSeries(q.Id, q.Label ?? spec.MetricName, spec.Period, points);
    }

    private static MetricDataResult ToResult(string id, string label, SortedDictionary<long, double> points, bool ascending)
    {
        var ordered = ascending ? points.ToList() : points.Reverse().ToList();
        return new MetricDataResult(
            id,
            label,
            [.. ordered.Select(p => DateTimeOffset.FromUnixTimeSeconds(p.Key))],
            [.. ordered.Select(p => p.Value)]);
    }

    private static MetricDataResult Slice(MetricDataResult r, int from, int count, string status) =>
        new(r.Id, r.Label, [.. r.Timestamps.Skip(from).Take(count)], [.. r.Values.Skip(from).Take(count)], status);

    private static bool IsStatistic(string stat) => StandardStatistic(stat) != MetricStatistics.None || Percentiles.TryParse(stat, out _);

    private static MetricStatistics StandardStatistic(string stat) => stat switch
    {
        "SampleCount" => MetricStatistics.SampleCount,
        "Average" => MetricStatistics.Average,
        "Sum" => MetricStatistics.Sum,
        "Minimum" => MetricStatistics.Minimum,
        "Maximum" => MetricStatistics.Maximum,
        _ => MetricStatistics.None,
    };

    [GeneratedRegex("^[a-z][a-zA-Z0-9_]*$")]
    private static partial Regex IdPattern();
}
