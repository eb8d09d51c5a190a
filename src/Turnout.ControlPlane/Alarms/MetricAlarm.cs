namespace Turnout.ControlPlane.Alarms;

/// <summary>
/// A CloudWatch metric alarm: what PutMetricAlarm defined and the state evaluation or SetAlarmState gave it.
/// Instances are replaced, never mutated, so readers always see one consistent alarm.
/// </summary>
public sealed record MetricAlarm
{
    public required string AlarmName { get; init; }
    public required string AlarmArn { get; init; }
    public string? AlarmDescription { get; init; }
    public bool ActionsEnabled { get; init; } = true;
    public IReadOnlyList<string> OKActions { get; init; } = [];
    public IReadOnlyList<string> AlarmActions { get; init; } = [];
    public IReadOnlyList<string> InsufficientDataActions { get; init; } = [];
    public required string Namespace { get; init; }
    public required string MetricName { get; init; }
    public IReadOnlyList<AlarmDimension> Dimensions { get; init; } = [];
    public required string Statistic { get; init; }
    public required int Period { get; init; }
    public string? Unit { get; init; }
    public required int EvaluationPeriods { get; init; }
    public int? DatapointsToAlarm { get; init; }
    public required double Threshold { get; init; }
    public required string ComparisonOperator { get; init; }
    public string TreatMissingData { get; init; } = "missing";
    public required DateTimeOffset AlarmConfigurationUpdatedTimestamp { get; init; }

    public string StateValue { get; init; } = AlarmState.InsufficientData;
    public string StateReason { get; init; } = "Unchecked: Initial alarm creation";
    public string? StateReasonData { get; init; }
    public required DateTimeOffset StateUpdatedTimestamp { get; init; }
    public required DateTimeOffset StateTransitionedTimestamp { get; init; }
}

public sealed record AlarmDimension(string Name, string Value);
