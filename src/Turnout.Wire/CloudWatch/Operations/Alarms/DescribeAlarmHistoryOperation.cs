using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

internal sealed class DescribeAlarmHistoryOperation(AlarmService alarms) : ICloudWatchOperation
{
    private static readonly string[] ItemTypes = ["ConfigurationUpdate", "StateUpdate", "Action"];

    public string Name => "DescribeAlarmHistory";

    public WireObject Invoke(WireInput input)
    {
        var name = input.GetString("AlarmName", minLength: 1, maxLength: 255);
        var type = input.GetString("HistoryItemType") is { } t ? AlarmWire.OneOf(t, "HistoryItemType", ItemTypes) : null;
        var max = (int)(input.GetInt64("MaxRecords") ?? 100);
        if (max is < 1 or > 100)
        {
            throw CloudWatchException.Invalid("The parameter MaxRecords must be between 1 and 100.");
        }

        var ascending = input.GetString("ScanBy") is { } scan && AlarmWire.OneOf(scan, "ScanBy", ["TimestampDescending", "TimestampAscending"]) == "TimestampAscending";
        var offset = PageToken.Decode(input.GetString("NextToken"));
        var items = alarms.History(name, input.GetTimestamp("StartDate"), input.GetTimestamp("EndDate"))
            .Where(h => type is null || h.ItemType == type)
            .ToList();
        if (ascending)
        {
            items.Reverse();
        }

        var page = items.Skip(offset).Take(max).Select(h => (object)new WireObject()
            .Add("AlarmName", h.AlarmName)
            .Add("AlarmType", "MetricAlarm")
            .Add("Timestamp", h.Timestamp)
            .Add("HistoryItemType", h.ItemType)
            .Add("HistorySummary", h.Summary)
            .Add("HistoryData", h.Data)).ToList();
        return new WireObject()
            .Add("AlarmHistoryItems", page)
            .Add("NextToken", offset + page.Count < items.Count ? PageToken.Encode(offset + page.Count) : null);
    }
}
