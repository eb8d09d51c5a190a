using Turnout.Storage.Records;

namespace Turnout.Storage;

/// <summary>Durable alarms and their history; each call is one committed transaction.</summary>
public interface IAlarmStore
{
    void UpsertAlarm(AlarmRecord alarm, AlarmHistoryRecord? history);
    IReadOnlyList<AlarmRecord> ListAlarms();
    bool DeleteAlarm(string name);
    IReadOnlyList<AlarmHistoryRecord> ListHistory(string? alarmName, DateTimeOffset? from, DateTimeOffset? to);
}
