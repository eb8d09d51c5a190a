namespace Turnout.ControlPlane.Endpoints;

/// <summary>The alarm source when none is configured: no alarm exists, so none fires.</summary>
public sealed class NoAlarms : IAlarmStates
{
    public string? GetState(string alarmName) => null;
}
