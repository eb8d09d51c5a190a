using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

/// <summary>DescribeAlarms: by names or prefix, by state, paged.</summary>
internal sealed class DescribeAlarmsOperation(AlarmService alarms) : ICloudWatchOperation
{
    public string Name => "DescribeAlarms";

    public WireObject Invoke(WireInput input)
    {
        var names = input.GetStringList("AlarmNames", maxCount: 100);
        var prefix = input.GetString("AlarmNamePrefix", minLength: 1, maxLength: 255);
        if (names.Count > 0 && prefix is not null)
        {
            throw CloudWatchException.Combination("AlarmNames and AlarmNamePrefix cannot be used together.");
        }

        var state = input.GetString("StateValue") is { } s ? AlarmWire.OneOf(s, "StateValue", AlarmWire.States) : null;
        var types = input.GetStringList("AlarmTypes");
        var max = (int)(input.GetInt64("MaxRecords") ?? 50);
        if (max is < 1 or > 100)
        {
            throw CloudWatchException.Invalid("The parameter MaxRecords must be between 1 and 100.");
        }

        var offset = PageToken.Decode(input.GetString("NextToken"));
        var selected = alarms.List()
            .Where(a => names.Count == 0 || names.Contains(a.AlarmName))
            .Where(a => prefix is null || a.AlarmName.StartsWith(prefix, StringComparison.Ordinal))
            .Where(a => state is null || a.StateValue == state)
            .Where(_ => types.Count == 0 || types.Contains("MetricAlarm"))
            .ToList();
        var page = selected.Skip(offset).Take(max).Select(a => (object)AlarmWire.ToWire(a)).ToList();
        return new WireObject()
            .Add("MetricAlarms", page)
            .Add("CompositeAlarms", new List<object>())
            .Add("NextToken", offset + page.Count < selected.Count ? PageToken.Encode(offset + page.Count) : null);
    }
}
