using System.Globalization;
using Turnout.Metrics;

namespace Turnout.ControlPlane.Alarms;

/// <summary>
/// CloudWatch's M-out-of-N rule: over the last EvaluationPeriods periods, the alarm is ALARM when at least
/// DatapointsToAlarm of them breach the threshold, with missing periods treated as TreatMissingData says.
/// The still-open period counts, so a deployment watching the alarm reacts within seconds, not a minute.
/// </summary>
public static class AlarmEvaluation
{
    public static (string State, string Reason) Evaluate(MetricAlarm alarm, MetricsHub metrics, DateTimeOffset now)
    {
        var period = alarm.Period;
        var currentStart = now.ToUnixTimeSeconds() / period * period;
        var start = DateTimeOffset.FromUnixTimeSeconds(currentStart - ((long)(alarm.EvaluationPeriods - 1) * period));
        var points = metrics.GetStatistics(new MetricStatisticsQuery(
            alarm.Namespace, alarm.MetricName, [.. alarm.Dimensions.Select(d => new MetricDimension(d.Name, d.Value))],
            start, DateTimeOffset.FromUnixTimeSeconds(currentStart + period), period, StatisticNames.Flag(alarm.Statistic), alarm.Unit));
        var byPeriod = points.ToDictionary(p => p.Timestamp.ToUnixTimeSeconds(), p => StatisticNames.Of(p, alarm.Statistic));

        var needed = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
        int breaching = 0, present = 0, considered = 0;
        var values = new List<string>();
        for (var i = 0; i < alarm.EvaluationPeriods; i++)
        {
            var periodStart = currentStart - ((long)i * period);
            if (byPeriod.TryGetValue(periodStart, out var value) && value is { } v)
            {
                present++;
                considered++;
                values.Add(v.ToString("G", CultureInfo.InvariantCulture));
                if (Breaches(v, alarm.Threshold, alarm.ComparisonOperator))
                {
                    breaching++;
                }

                continue;
            }

            switch (alarm.TreatMissingData)
            {
                case "breaching":
                    considered++;
                    breaching++;
                    break;
                case "notBreaching":
                    considered++;
                    break;
            }
        }

        var shown = $"[{string.Join(", ", values)}]";
        if (breaching >= needed)
        {
            return (AlarmState.Alarm, $"Threshold Crossed: {breaching} out of the last {alarm.EvaluationPeriods} datapoints {shown} were {Describe(alarm.ComparisonOperator)} the threshold ({alarm.Threshold.ToString("G", CultureInfo.InvariantCulture)}) (minimum {needed} datapoint(s) for OK -> ALARM transition).");
        }

        if (considered == 0 || (present == 0 && alarm.TreatMissingData == "missing"))
        {
            return alarm.TreatMissingData == "ignore" && alarm.StateValue != AlarmState.InsufficientData
                ? (alarm.StateValue, alarm.StateReason)
                : (AlarmState.InsufficientData, $"Insufficient Data: {alarm.EvaluationPeriods} datapoint(s) were unknown.");
        }

        return (AlarmState.Ok, $"Threshold Crossed: {breaching} out of the last {alarm.EvaluationPeriods} datapoints {shown} breached the threshold ({alarm.Threshold.ToString("G", CultureInfo.InvariantCulture)}), fewer than the {needed} needed for ALARM.");
    }

    public static bool Breaches(double value, double threshold, string comparison) => comparison switch
    {
        "GreaterThanOrEqualToThreshold" => value >= threshold,
        "GreaterThanThreshold" => value > threshold,
        "LessThanThreshold" => value < threshold,
        "LessThanOrEqualToThreshold" => value <= threshold,
        _ => false,
    };

    private static string Describe(string comparison) => comparison switch
    {
        "GreaterThanOrEqualToThreshold" => "greater than or equal to",
        "GreaterThanThreshold" => "greater than",
        "LessThanThreshold" => "less than",
        _ => "less than or equal to",
    };
}
