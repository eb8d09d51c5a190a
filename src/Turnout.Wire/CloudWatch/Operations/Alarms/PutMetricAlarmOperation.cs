using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

/// <summary>PutMetricAlarm for single-metric alarms with a standard statistic.</summary>
internal sealed class PutMetricAlarmOperation(AlarmService alarms, TimeProvider time) : ICloudWatchOperation
{
    private static readonly string[] Statistics = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"];
    private static readonly string[] Comparisons = ["GreaterThanOrEqualToThreshold", "GreaterThanThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"];
    private static readonly string[] MissingData = ["breaching", "notBreaching", "ignore", "missing"];

    public string Name => "PutMetricAlarm";

    public WireObject Invoke(WireInput input)
    {
        var name = input.GetString("AlarmName", required: true, minLength: 1, maxLength: 255)!;
        if (input.Has("Metrics") && input.GetStructureList("Metrics").Count > 0)
        {
            throw CloudWatchException.Invalid("Metric-math alarms (Metrics) are not supported by Turnout yet; give MetricName, Namespace and Statistic.");
        }

        if (input.Has("ExtendedStatistic"))
        {
            throw CloudWatchException.Invalid("ExtendedStatistic alarms are not supported by Turnout yet; use Statistic.");
        }

        var period = input.GetInt64("Period", required: true)!.Value;
        if (period < 10 || (period > 30 && period % 60 != 0))
        {
            throw CloudWatchException.Invalid("The parameter Period must be 10, 30, or a multiple of 60.");
        }

        var evaluationPeriods = input.GetInt64("EvaluationPeriods", required: true)!.Value;
        if (evaluationPeriods < 1 || evaluationPeriods * period > 7 * 86400)
        {
            throw CloudWatchException.Invalid("The parameter EvaluationPeriods must be at least 1, and EvaluationPeriods × Period at most 7 days.");
        }

        var datapoints = input.GetInt64("DatapointsToAlarm");
        if (datapoints is { } m && (m < 1 || m > evaluationPeriods))
        {
            throw CloudWatchException.Invalid("The parameter DatapointsToAlarm must be between 1 and EvaluationPeriods.");
        }

        var dimensions = input.GetStructureList("Dimensions", maxCount: 30)
            .Select(d => new AlarmDimension(d.GetString("Name", required: true, minLength: 1, maxLength: 255)!, d.GetString("Value", required: true, minLength: 1, maxLength: 1024)!))
            .ToList();
        var now = time.GetUtcNow();
        alarms.Put(new MetricAlarm
        {
            AlarmName = name,
            AlarmArn = alarms.AlarmArn(name),
            AlarmDescription = input.GetString("AlarmDescription", maxLength: 1024),
            ActionsEnabled = input.GetBoolean("ActionsEnabled") ?? true,
            OKActions = input.GetStringList("OKActions", maxCount: 5),
            AlarmActions = input.GetStringList("AlarmActions", maxCount: 5),
            InsufficientDataActions = input.GetStringList("InsufficientDataActions", maxCount: 5),
            Namespace = input.GetString("Namespace", required: true, minLength: 1, maxLength: 255)!,
            MetricName = input.GetString("MetricName", required: true, minLength: 1, maxLength: 255)!,
            Dimensions = dimensions,
            Statistic = AlarmWire.OneOf(input.GetString("Statistic", required: true), "Statistic", Statistics),
            Period = (int)period,
            Unit = input.GetString("Unit"),
            EvaluationPeriods = (int)evaluationPeriods,
            DatapointsToAlarm = datapoints is { } d2 ? (int)d2 : null,
            Threshold = input.GetDouble("Threshold", required: true)!.Value,
            ComparisonOperator = AlarmWire.OneOf(input.GetString("ComparisonOperator", required: true), "ComparisonOperator", Comparisons),
            TreatMissingData = input.GetString("TreatMissingData") is { } t ? AlarmWire.OneOf(t, "TreatMissingData", MissingData) : "missing",
            AlarmConfigurationUpdatedTimestamp = now,
            StateUpdatedTimestamp = now,
            StateTransitionedTimestamp = now,
        });
        return new WireObject();
    }
}
