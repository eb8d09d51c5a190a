namespace Turnout.Storage.Records;

/// <summary>A CloudWatch alarm: its definition and current state as one JSON document owned by the alarm service.</summary>
public sealed record AlarmRecord(string Name, string Document);
