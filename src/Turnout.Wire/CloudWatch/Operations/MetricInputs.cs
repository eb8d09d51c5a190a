using Turnout.Metrics;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations;

/// <summary>Validation shared by the metric operations (limits from the cloudwatch service model).</summary>
internal static class MetricInputs
{
    public const int MaxDatapoints = 1440;

    public static IReadOnlyList<MetricDimension> Dimensions(WireInput input, string name = "Dimensions")
    {
        var result = new List<MetricDimension>();
        foreach (var d in input.GetStructureList(name, maxCount: 30))
        {
            result.Add(new MetricDimension(
                d.GetString("Name", required: true, minLength: 1, maxLength: 255)!,
                d.GetString("Value", required: true, minLength: 1, maxLength: 1024)!));
        }

        return result;
    }

    public static string? Unit(WireInput input, string name = "Unit")
    {
        var unit = input.GetString(name);
        if (unit is not null && !StandardUnits.All.Contains(unit))
        {
            throw CloudWatchException.Invalid($"The parameter {name} must be a valid StandardUnit; '{unit}' is not.");
        }

        return unit;
    }

    /// <summary>Period: ≥ 1; below a minute only the high-resolution periods 1, 5, 10, 20 and 30, else a multiple of 60.</summary>
    public static int Period(WireInput input, string name = "Period")
    {
        var period = input.GetInt64(name, required: true)!.Value;
        if (period < 1 || period > int.MaxValue)
        {
            throw CloudWatchException.Invalid($"The parameter {name} must be greater than or equal to 1.");
        }

        if (period < 60 ? period is not (1 or 5 or 10 or 20 or 30) : period % 60 != 0)
        {
            throw CloudWatchException.Invalid($"The parameter {name} must be 1, 5, 10, 20, 30, or a multiple of 60.");
        }

        return (int)period;
    }

    public static (DateTimeOffset Start, DateTimeOffset End) TimeRange(WireInput input)
    {
        var start = input.GetTimestamp("StartTime", required: true)!.Value;
        var end = input.GetTimestamp("EndTime", required: true)!.Value;
        if (start >= end)
        {
            throw CloudWatchException.Invalid("The parameter StartTime must be less than the parameter EndTime.");
        }

        return (start, end);
    }

    public static MetricStatistics Statistic(string text, string parameter) => text switch
    {
        "SampleCount" => MetricStatistics.SampleCount,
        "Average" => MetricStatistics.Average,
        "Sum" => MetricStatistics.Sum,
        "Minimum" => MetricStatistics.Minimum,
        "Maximum" => MetricStatistics.Maximum,
        _ => throw CloudWatchException.Invalid(
            $"The parameter {parameter} must be one of SampleCount, Average, Sum, Minimum, Maximum; '{text}' is not supported."),
    };

    public static void CheckDatapointLimit(DateTimeOffset start, DateTimeOffset end, int periodSeconds)
    {
        var requested = Math.Ceiling((end - start).TotalSeconds / periodSeconds);
        if (requested > MaxDatapoints)
        {
            throw CloudWatchException.Combination(
                $"You have requested up to {requested:0} datapoints, which exceeds the limit of 1,440. "
                + "You may reduce the datapoints requested by increasing Period, or decreasing the time range.");
        }
    }
}
