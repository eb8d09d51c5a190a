using System.Collections.Concurrent;
using System.Text.Json;
using Turnout.ControlPlane.Endpoints;
using Turnout.Metrics;
using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.ControlPlane.Alarms;

/// <summary>
/// CloudWatch metric alarms on Turnout's own metrics: definitions, state, history. Kept in memory for
/// deployments to read without I/O, written through to the store on every change.
/// </summary>
public sealed class AlarmService : IAlarmStates
{
    private readonly ConcurrentDictionary<string, MetricAlarm> _alarms = new(StringComparer.Ordinal);
    private readonly IAlarmStore _store;
    private readonly MetricsHub _metrics;
    private readonly ControlPlaneOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _writes = new();

    public AlarmService(IAlarmStore store, MetricsHub metrics, ControlPlaneOptions options, TimeProvider time)
    {
        _store = store;
        _metrics = metrics;
        _options = options;
        _time = time;
        foreach (var record in store.ListAlarms())
        {
            var alarm = JsonSerializer.Deserialize<MetricAlarm>(record.Document, WireJson.Options)!;
            _alarms[alarm.AlarmName] = alarm;
        }
    }

    public string AlarmArn(string name) => $"arn:aws:cloudwatch:{_options.Region}:{_options.AccountId}:alarm:{name}";

    public string? GetState(string alarmName) => _alarms.TryGetValue(alarmName, out var alarm) ? alarm.StateValue : null;

    public MetricAlarm? Get(string alarmName) => _alarms.GetValueOrDefault(alarmName);

    public IReadOnlyList<MetricAlarm> List() => [.. _alarms.Values.OrderBy(a => a.AlarmName, StringComparer.Ordinal)];

    /// <summary>Creates or replaces an alarm's definition; an existing alarm keeps its state until the next evaluation.</summary>
    public void Put(MetricAlarm definition)
    {
        lock (_writes)
        {
            var now = _time.GetUtcNow();
            var alarm = _alarms.TryGetValue(definition.AlarmName, out var existing)
                ? definition with
                {
                    StateValue = existing.StateValue,
                    StateReason = existing.StateReason,
                    StateReasonData = existing.StateReasonData,
                    StateUpdatedTimestamp = existing.StateUpdatedTimestamp,
                    StateTransitionedTimestamp = existing.StateTransitionedTimestamp,
                    AlarmConfigurationUpdatedTimestamp = now,
                }
                : definition with { AlarmConfigurationUpdatedTimestamp = now, StateUpdatedTimestamp = now, StateTransitionedTimestamp = now };
            Save(alarm, new AlarmHistoryRecord(alarm.AlarmName, now, "ConfigurationUpdate",
                existing is null ? $"Alarm \"{alarm.AlarmName}\" created" : $"Alarm \"{alarm.AlarmName}\" updated",
                JsonSerializer.Serialize(new { type = existing is null ? "Create" : "Update", version = "1.0" })));
        }
    }

    /// <summary>Deletes the named alarms; returns the names that did not exist.</summary>
    public IReadOnlyList<string> Delete(IReadOnlyList<string> names)
    {
        lock (_writes)
        {
            var missing = names.Where(n => !_alarms.ContainsKey(n)).ToList();
            if (missing.Count > 0)
            {
                return missing;
            }

            foreach (var name in names)
            {
                _store.DeleteAlarm(name);
                _alarms.TryRemove(name, out _);
            }

            return [];
        }
    }

    /// <summary>SetAlarmState: the state holds until the next evaluation changes it, as in CloudWatch.</summary>
    public bool SetState(string name, string state, string reason, string? reasonData)
    {
        lock (_writes)
        {
            if (!_alarms.TryGetValue(name, out var alarm))
            {
                return false;
            }

            Transition(alarm, state, reason, reasonData);
            return true;
        }
    }

    /// <summary>Evaluates every alarm against the metrics now; returns how many changed state.</summary>
    public int EvaluateAll()
    {
        var changed = 0;
        var now = _time.GetUtcNow();
        foreach (var alarm in _alarms.Values)
        {
            var (state, reason) = AlarmEvaluation.Evaluate(alarm, _metrics, now);
            if (state == alarm.StateValue)
            {
                continue;
            }

            lock (_writes)
            {
                // Skip if the alarm was replaced or deleted since it was read.
                if (_alarms.TryGetValue(alarm.AlarmName, out var current) && ReferenceEquals(current, alarm))
                {
                    Transition(alarm, state, reason, null);
                    changed++;
                }
            }
        }

        return changed;
    }

    public IReadOnlyList<AlarmHistoryRecord> History(string? alarmName, DateTimeOffset? from, DateTimeOffset? to) =>
        _store.ListHistory(alarmName, from, to);

    private void Transition(MetricAlarm alarm, string state, string reason, string? reasonData)
    {
        var now = _time.GetUtcNow();
        var updated = alarm with
        {
            StateValue = state,
            StateReason = reason,
            StateReasonData = reasonData,
            StateUpdatedTimestamp = now,
            StateTransitionedTimestamp = state == alarm.StateValue ? alarm.StateTransitionedTimestamp : now,
        };
        var data = JsonSerializer.Serialize(new
        {
            version = "1.0",
            oldState = new { stateValue = alarm.StateValue, stateReason = alarm.StateReason },
            newState = new { stateValue = state, stateReason = reason },
        });
        Save(updated, new AlarmHistoryRecord(alarm.AlarmName, now, "StateUpdate", $"Alarm updated from {alarm.StateValue} to {state}", data));
    }

    private void Save(MetricAlarm alarm, AlarmHistoryRecord history)
    {
        _store.UpsertAlarm(new AlarmRecord(alarm.AlarmName, JsonSerializer.Serialize(alarm, WireJson.Options)), history);
        _alarms[alarm.AlarmName] = alarm;
    }
}
