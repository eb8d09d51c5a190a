using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

internal sealed class DeleteAlarmsOperation(AlarmService alarms) : ICloudWatchOperation
{
    public string Name => "DeleteAlarms";

    public WireObject Invoke(WireInput input)
    {
        var names = input.GetStringList("AlarmNames", maxCount: 100);
        if (names.Count == 0)
        {
            throw CloudWatchException.Missing("AlarmNames");
        }

        var missing = alarms.Delete(names);
        if (missing.Count > 0)
        {
            throw new CloudWatchException("ResourceNotFound", $"{missing.Count} of the alarms could not be found: {string.Join(", ", missing)}. Nothing was deleted.", 404);
        }

        return new WireObject();
    }
}
