using Microsoft.Data.Sqlite;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Alarms;
using Turnout.Metrics;
using Turnout.Storage.Sqlite;
using Turnout.Tests.Metrics;

namespace Turnout.Tests.Alarms;

public sealed class AlarmServiceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly string _db = Path.Combine(Path.GetTempPath(), "turnout-alarms-" + Guid.NewGuid().ToString("N") + ".db");
    private readonly ManualTimeProvider _time = new(T0);
    private readonly MetricsHub _metrics;
    private readonly AlarmService _alarms;

    public AlarmServiceTests()
    {
        _metrics = new MetricsHub(_time);
        _alarms = new AlarmService(new SqliteControlPlaneStore(_db), _metrics, new ControlPlaneOptions(), _time);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var f in new[] { _db, _db + "-wal", _db + "-shm" }) File.Delete(f);
    }

    private MetricAlarm Alarm(string statistic = "Sum", double threshold = 3, int periods = 1, int? toAlarm = null, string missing = "missing",
        string metric = "Invocation5XXErrors", string op = "GreaterThanOrEqualToThreshold") => new()
    {
        AlarmName = "a",
        AlarmArn = _alarms.AlarmArn("a"),
        Namespace = "AWS/SageMaker",
        MetricName = metric,
        Dimensions = [new AlarmDimension("EndpointName", "ep"), new AlarmDimension("VariantName", "V")],
        Statistic = statistic,
        Period = 60,
        EvaluationPeriods = periods,
        DatapointsToAlarm = toAlarm,
        Threshold = threshold,
        ComparisonOperator = op,
        TreatMissingData = missing,
        AlarmConfigurationUpdatedTimestamp = T0,
        StateUpdatedTimestamp = T0,
        StateTransitionedTimestamp = T0,
    };

    private void Record(int successes, int serverErrors)
    {
        var v = _metrics.GetVariant("ep", "V");
        for (var i = 0; i < successes; i++) v.RecordInvocation(InvocationOutcome.Success, 100, 10, 1);
        for (var i = 0; i < serverErrors; i++) v.RecordInvocation(InvocationOutcome.ServerError, 100, 10, 1);
    }

    [Fact]
    public void EvaluateAll_ErrorsReachThreshold_GoesToAlarmAndRecordsHistory()
    {
        _alarms.Put(Alarm());
        Record(10, 2);
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Ok, _alarms.GetState("a"));
        Record(0, 1);
        Assert.Equal(1, _alarms.EvaluateAll());
        Assert.Equal(AlarmState.Alarm, _alarms.GetState("a"));
        Assert.Contains("1 out of the last 1 datapoints [3]", _alarms.Get("a")!.StateReason, StringComparison.Ordinal);
        var history = _alarms.History("a", null, null);
        Assert.Equal(["StateUpdate", "StateUpdate", "ConfigurationUpdate"], history.Select(h => h.ItemType).ToArray());
    }

    [Fact]
    public void EvaluateAll_AverageErrorRate_ComparesTheRate()
    {
        _alarms.Put(Alarm(statistic: "Average", threshold: 0.25, op: "GreaterThanThreshold"));
        Record(3, 1);
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Ok, _alarms.GetState("a"));
        Record(0, 1);
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Alarm, _alarms.GetState("a"));
    }

    [Theory]
    [InlineData("missing", AlarmState.InsufficientData)]
    [InlineData("notBreaching", AlarmState.Ok)]
    [InlineData("breaching", AlarmState.Alarm)]
    [InlineData("ignore", AlarmState.InsufficientData)]
    public void EvaluateAll_NoData_FollowsTreatMissingData(string treatment, string expected)
    {
        _alarms.Put(Alarm(missing: treatment));
        _alarms.EvaluateAll();
        Assert.Equal(expected, _alarms.GetState("a"));
    }

    [Fact]
    public void EvaluateAll_MOutOfN_NeedsEnoughBreachingPeriods()
    {
        _alarms.Put(Alarm(threshold: 1, periods: 3, toAlarm: 2, missing: "notBreaching"));
        Record(0, 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Ok, _alarms.GetState("a"));
        Record(0, 1);
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Alarm, _alarms.GetState("a"));
        // Three minutes on, both breaching minutes have left the window.
        _time.Advance(TimeSpan.FromMinutes(3));
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Ok, _alarms.GetState("a"));
    }

    [Fact]
    public void SetState_HoldsUntilEvaluationChangesIt()
    {
        _alarms.Put(Alarm(missing: "notBreaching"));
        Assert.True(_alarms.SetState("a", AlarmState.Alarm, "testing", null));
        Assert.Equal(AlarmState.Alarm, _alarms.GetState("a"));
        _alarms.EvaluateAll();
        Assert.Equal(AlarmState.Ok, _alarms.GetState("a"));
        Assert.False(_alarms.SetState("nope", AlarmState.Ok, "x", null));
    }

    [Fact]
    public void Alarms_SurviveReopenAndDelete()
    {
        _alarms.Put(Alarm());
        _alarms.SetState("a", AlarmState.Alarm, "kept", null);
        var reopened = new AlarmService(new SqliteControlPlaneStore(_db), _metrics, new ControlPlaneOptions(), _time);
        Assert.Equal(AlarmState.Alarm, reopened.GetState("a"));
        Assert.Equal("kept", reopened.Get("a")!.StateReason);
        Assert.Equal(["nope"], reopened.Delete(["a", "nope"]));
        Assert.NotNull(reopened.Get("a"));
        Assert.Empty(reopened.Delete(["a"]));
        Assert.Null(new AlarmService(new SqliteControlPlaneStore(_db), _metrics, new ControlPlaneOptions(), _time).Get("a"));
    }
}
