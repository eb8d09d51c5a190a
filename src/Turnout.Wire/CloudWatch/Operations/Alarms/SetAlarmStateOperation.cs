using Turnout.ControlPlane.Alarms;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.Operations.Alarms;

/// <summary>SetAlarmState: forces a state until the next evaluation (how users test rollbacks).</summary>
internal sealed class SetAlarmStateOperation(AlarmService alarms) : ICloudWatchOperation
{
    public string Name => "SetAlarmState";

    public WireObject Invoke(WireInput input)
    {
        var name = input.GetString("AlarmName", required: true, minLength: 1, maxLength: 255)!;
        var state = AlarmWire.OneOf(input.GetString("StateValue", required: true), "StateValue", AlarmWire.States);
        var reason = input.GetString("StateReason", required: true, minLength: 0, maxLength: 1023)!;
        var data = input.GetString("StateReasonData", maxLength: 4000);
        if (!alarms.SetState(name, state, reason, data))
        {
            throw new CloudWatchException("ResourceNotFound", $"Alarm {name} not found.", 404);
        }

        return new WireObject();
    }
}
