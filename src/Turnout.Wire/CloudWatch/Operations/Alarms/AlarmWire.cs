using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

/// <summary>Shared encoding of alarms and small input helpers for the alarm operations.</summary>
internal static class AlarmWire
{
    public static readonly string[] States = [AlarmState.Ok, AlarmState.Alarm, AlarmState.InsufficientData];

    public static string OneOf(string? value, string name, string[] allowed)
    {
        if (value is null || Array.IndexOf(allowed, value) < 0)
        {
            throw CloudWatchException.Invalid($"The parameter {name} must be one of: {string.Join(", ", allowed)}.");
        }

        return value;
    }

    public static WireObject ToWire(MetricAlarm a)
    {
        var dimensions = a.Dimensions.Select(d => (object)new WireObject().Add("Name", d.Name).Add("Value", d.Value)).ToList();
        return new WireObject()
            .Add("AlarmName", a.AlarmName)
            .Add("AlarmArn", a.AlarmArn)
            .Add("AlarmDescription", a.AlarmDescription)
            .Add("AlarmConfigurationUpdatedTimestamp", a.AlarmConfigurationUpdatedTimestamp)
            .Add("ActionsEnabled", a.ActionsEnabled)
            .Add("OKActions", a.OKActions.Cast<object>().ToList())
            .Add("AlarmActions", a.AlarmActions.Cast<object>().ToList())
            .Add("InsufficientDataActions", a.InsufficientDataActions.Cast<object>().ToList())
            .Add("StateValue", a.StateValue)
            .Add("StateReason", a.StateReason)
            .Add("StateReasonData", a.StateReasonData)
            .Add("StateUpdatedTimestamp", a.StateUpdatedTimestamp)
            .Add("MetricName", a.MetricName)
            .Add("Namespace", a.Namespace)
            .Add("Statistic", a.Statistic)
            .Add("Dimensions", dimensions)
            .Add("Period", (long)a.Period)
            .Add("Unit", a.Unit)
            .Add("EvaluationPeriods", (long)a.EvaluationPeriods)
            .Add("DatapointsToAlarm", a.DatapointsToAlarm is { } m ? (long)m : null)
            .Add("Threshold", a.Threshold)
            .Add("ComparisonOperator", a.ComparisonOperator)
            .Add("TreatMissingData", a.TreatMissingData)
            .Add("StateTransitionedTimestamp", a.StateTransitionedTimestamp);
    }
}
