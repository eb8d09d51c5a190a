namespace Turnout.ControlPlane.Endpoints;

/// <summary>What a deployment needs to know of CloudWatch alarms: the current state of one by name.</summary>
public interface IAlarmStates
{
    /// <summary><c>OK</c>, <c>ALARM</c>, <c>INSUFFICIENT_DATA</c>, or null when no alarm has that name.</summary>
    string? GetState(string alarmName);
}
