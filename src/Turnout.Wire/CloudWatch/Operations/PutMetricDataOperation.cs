using Turnout.Metrics;
using Turnout.Metrics.Histograms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>
/// PutMetricData: custom metrics in any namespace but AWS/…, each datum a Value, a StatisticValues set or
/// Values with Counts, with dimensions, unit and storage resolution (1 = high resolution, or 60). Limits
/// follow CloudWatch: 1,000 datums, 30 dimensions, 150 values, timestamps from two weeks ago to two hours
/// ahead, magnitudes up to 2^360 and no NaN or infinities.
/// </summary>
internal sealed class PutMetricDataOperation(MetricsHub hub, TimeProvider time) : ICloudWatchOperation
{
    private const int MaxDatums = 1000;
    private const int MaxValues = 150;
    private static readonly double MaxMagnitude = Math.Pow(2, 360);

    public string Name => "PutMetricData";

    public WireObject Invoke(WireInput input)
    {
        hub.Put(Bind(input, time.GetUtcNow()));
        return new WireObject();
    }

    public static IReadOnlyList<MetricDatum> Bind(WireInput input, DateTimeOffset now)
    {
        var ns = input.GetString("Namespace", required: true, minLength: 1, maxLength: 255)!;
        if (ns.StartsWith("AWS/", StringComparison.Ordinal))
        {
            throw CloudWatchException.Invalid($"The value {ns} for parameter Namespace is invalid: the AWS/ prefix is reserved for AWS services.");
        }

        if (!input.Has("MetricData"))
        {
            throw CloudWatchException.Missing("MetricData");
        }

        var raw = input.GetStructureList("MetricData", maxCount: MaxDatums);
        if (raw.Count == 0)
        {
            throw CloudWatchException.Missing("MetricData");
        }

        var result = new List<MetricDatum>(raw.Count);
        foreach (var d in raw)
        {
            var name = d.GetString("MetricName", required: true, minLength: 1, maxLength: 255)!;
            var timestamp = d.GetTimestamp("Timestamp") ?? now;
            if (timestamp < now.AddDays(-14) || timestamp > now.AddHours(2))
            {
                throw CloudWatchException.Invalid(
                    $"The parameter {d.PathOf("Timestamp")} must specify a time no more than two weeks in the past and no more than two hours in the future.");
            }

            var resolution = d.GetInt64("StorageResolution") ?? 60;
            if (resolution is not (1 or 60))
            {
                throw CloudWatchException.Invalid($"The parameter {d.PathOf("StorageResolution")} must be 1 or 60.");
            }

            result.Add(new MetricDatum(ns, name, MetricInputs.Dimensions(d), timestamp, BindValue(d), MetricInputs.Unit(d) ?? "None", (int)resolution));
        }

        return result;
    }

    private static Aggregate BindValue(WireInput d)
    {
        var hasValue = d.Has("Value");
        var hasStats = d.Has("StatisticValues");
        var values = d.GetDoubleList("Values", maxCount: MaxValues);
        var counts = d.GetDoubleList("Counts", maxCount: MaxValues);
        if ((hasValue ? 1 : 0) + (hasStats ? 1 : 0) + (values.Count > 0 ? 1 : 0) > 1)
        {
            throw CloudWatchException.Combination(
                $"The parameters {d.PathOf("Value")}, {d.PathOf("StatisticValues")} and {d.PathOf("Values")} are mutually exclusive.");
        }

        if (counts.Count > 0 && counts.Count != values.Count)
        {
            throw CloudWatchException.Combination($"The parameters {d.PathOf("Values")} and {d.PathOf("Counts")} must have the same number of members.");
        }

        if (hasValue)
        {
            return Aggregate.FromValue(Check(d.GetDouble("Value")!.Value, d.PathOf("Value")));
        }

        if (hasStats)
        {
            var stats = d.GetStructure("StatisticValues")!;
            var count = Check(stats.GetDouble("SampleCount", required: true)!.Value, stats.PathOf("SampleCount"));
            var sum = Check(stats.GetDouble("Sum", required: true)!.Value, stats.PathOf("Sum"));
            var min = Check(stats.GetDouble("Minimum", required: true)!.Value, stats.PathOf("Minimum"));
            var max = Check(stats.GetDouble("Maximum", required: true)!.Value, stats.PathOf("Maximum"));
            if (count <= 0 || min > max)
            {
                throw CloudWatchException.Invalid(
                    $"The parameter {d.PathOf("StatisticValues")} must have a SampleCount above 0 and a Minimum no greater than its Maximum.");
            }

            // A statistic set carries no distribution: percentiles over it are unavailable, as in CloudWatch.
            return new Aggregate(count, sum, min, max, histogram: null);
        }

        if (values.Count == 0)
        {
            throw CloudWatchException.Missing($"{d.PathOf("Value")}, {d.PathOf("StatisticValues")} or {d.PathOf("Values")}");
        }

        double total = 0, weighted = 0, lo = double.MaxValue, hi = double.MinValue;
        var pairs = new List<(double, double)>(values.Count);
        for (var i = 0; i < values.Count; i++)
        {
            var value = Check(values[i], $"{d.PathOf("Values")}.member.{i + 1}");
            var count = counts.Count > 0 ? Check(counts[i], $"{d.PathOf("Counts")}.member.{i + 1}") : 1;
            if (count < 0)
            {
                throw CloudWatchException.Invalid($"The parameter {d.PathOf("Counts")}.member.{i + 1} must not be negative.");
            }

            if (count == 0)
            {
                continue;
            }

            total += count;
            weighted += value * count;
            lo = Math.Min(lo, value);
            hi = Math.Max(hi, value);
            pairs.Add((value, count));
        }

        return total > 0
            ? new Aggregate(total, weighted, lo, hi, Histogram.FromValues(pairs))
            : throw CloudWatchException.Invalid($"The parameter {d.PathOf("Counts")} must count at least one value.");
    }

    private static double Check(double value, string path) =>
        double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude
            ? value
            : throw CloudWatchException.Invalid($"The value {value} for parameter {path} is invalid: it must be finite and within -2^360..2^360.");
}
