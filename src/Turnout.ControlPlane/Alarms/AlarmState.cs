namespace Turnout.ControlPlane.Alarms;

public static class AlarmState
{
    public const string Ok = "OK";
    public const string Alarm = "ALARM";
    public const string InsufficientData = "INSUFFICIENT_DATA";
}
