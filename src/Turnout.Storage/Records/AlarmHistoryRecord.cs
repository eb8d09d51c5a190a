namespace Turnout.Storage.Records;

/// <summary>One entry of an alarm's history (ConfigurationUpdate, StateUpdate).</summary>
public sealed record AlarmHistoryRecord(string AlarmName, DateTimeOffset Timestamp, string ItemType, string Summary, string Data);
