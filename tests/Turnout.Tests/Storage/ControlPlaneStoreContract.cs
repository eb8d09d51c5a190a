using Turnout.Storage;
using Turnout.Storage.Records;

namespace Turnout.Tests.Storage;

/// <summary>
/// What every control-plane store must do, run against SQLite and PostgreSQL alike. A subclass says how to
/// open a store on its (empty, per-test) database; each <see cref="Open"/> is a new instance, as a restarted
/// node or a second node would have.
/// </summary>
public abstract class ControlPlaneStoreContract<TStore>
    where TStore : IControlPlaneStore, IAlarmStore, IGroundTruthStore
{
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    protected abstract TStore Open();

    [Fact]
    public void Models_InsertGetListDelete()
    {
        var store = Open();
        Assert.True(store.TryInsertModel(new ModelRecord("m", "arn:m", T0, "{\"a\":1}")));
        Assert.False(store.TryInsertModel(new ModelRecord("m", "arn:other", T0, "{}")));
        Assert.Equal(new ModelRecord("m", "arn:m", T0, "{\"a\":1}"), store.GetModel("m"));
        Assert.Single(store.ListModels());
        Assert.True(store.DeleteModel("m"));
        Assert.False(store.DeleteModel("m"));
        Assert.Null(store.GetModel("m"));
        Assert.Empty(store.ListModels());
    }

    [Fact]
    public void EndpointConfigs_InsertGetListDelete()
    {
        var store = Open();
        var config = new EndpointConfigRecord("c", "arn:c", T0, "{\"ProductionVariants\":[]}");
        Assert.True(store.TryInsertEndpointConfig(config));
        Assert.False(store.TryInsertEndpointConfig(config with { Arn = "arn:other" }));
        Assert.True(store.TryInsertEndpointConfig(config with { Name = "d" }));
        Assert.Equal(config, store.GetEndpointConfig("c"));
        Assert.Equal(["c", "d"], store.ListEndpointConfigs().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.True(store.DeleteEndpointConfig("c"));
        Assert.False(store.DeleteEndpointConfig("c"));
        Assert.Null(store.GetEndpointConfig("c"));
    }

    [Fact]
    public void Endpoints_InsertUpdateDelete_SurviveReopen()
    {
        var record = new EndpointRecord("e", "arn:e", "c", "Creating", null, T0, T0, "{}");
        var store = Open();
        Assert.True(store.TryInsertEndpoint(record));
        Assert.False(store.TryInsertEndpoint(record with { Status = "InService" }));
        Assert.True(store.UpdateEndpoint(record with { Status = "Failed", FailureReason = "why", LastModifiedTime = T0.AddSeconds(1) }));

        var read = Open().GetEndpoint("e")!;
        Assert.Equal("Failed", read.Status);
        Assert.Equal("why", read.FailureReason);
        Assert.Equal(T0, read.CreationTime);
        Assert.Equal(T0.AddSeconds(1), read.LastModifiedTime);
        Assert.False(store.UpdateEndpoint(record with { Name = "other" }));
        Assert.True(store.UpdateEndpoint(read with { FailureReason = null }));
        Assert.Null(store.GetEndpoint("e")!.FailureReason);
        Assert.Single(store.ListEndpoints());
        Assert.True(store.DeleteEndpoint("e"));
        Assert.False(store.DeleteEndpoint("e"));
        Assert.Null(store.GetEndpoint("e"));
    }

    [Fact]
    public void Documents_RoundTripExactly()
    {
        var store = Open();
        var doc = "{\"text\":\"ünïcødé ✓ 'quotes' \\\"dq\\\"\",\"big\":\"" + new string('x', 200_000) + "\"}";
        var times = new[] { DateTimeOffset.FromUnixTimeMilliseconds(0), T0, DateTimeOffset.FromUnixTimeMilliseconds(4_102_444_800_999) };
        for (var i = 0; i < times.Length; i++)
        {
            Assert.True(store.TryInsertModel(new ModelRecord($"m{i}", "arn", times[i], doc)));
            Assert.Equal(new ModelRecord($"m{i}", "arn", times[i], doc), Open().GetModel($"m{i}"));
        }
    }

    [Fact]
    public async Task ConcurrentCreates_OfOneName_ExactlyOneWins()
    {
        // Eight "nodes" race to create the same model, config and endpoint: the store, not a process lock, decides.
        var stores = Enumerable.Range(0, 8).Select(_ => Open()).ToArray();
        using var start = new Barrier(stores.Length);
        var results = await Task.WhenAll(stores.Select((s, i) => Task.Run(() =>
        {
            start.SignalAndWait();
            return (
                Model: s.TryInsertModel(new ModelRecord("race", $"arn:{i}", T0, $"{{\"by\":{i}}}")),
                Config: s.TryInsertEndpointConfig(new EndpointConfigRecord("race", $"arn:{i}", T0, "{}")),
                Endpoint: s.TryInsertEndpoint(new EndpointRecord("race", $"arn:{i}", "race", "Creating", null, T0, T0, "{}")));
        })));

        Assert.Equal(1, results.Count(r => r.Model));
        Assert.Equal(1, results.Count(r => r.Config));
        Assert.Equal(1, results.Count(r => r.Endpoint));
        var winner = Array.FindIndex(results, r => r.Model);
        Assert.Equal($"arn:{winner}", Open().GetModel("race")!.Arn);
    }

    [Fact]
    public void Alarms_UpsertListDelete_WithHistory()
    {
        var store = Open();
        store.UpsertAlarm(new AlarmRecord("b", "{\"v\":1}"), new AlarmHistoryRecord("b", T0, "ConfigurationUpdate", "created", "{}"));
        store.UpsertAlarm(new AlarmRecord("a", "{\"v\":1}"), null);
        store.UpsertAlarm(new AlarmRecord("b", "{\"v\":2}"), new AlarmHistoryRecord("b", T0.AddSeconds(5), "StateUpdate", "to ALARM", "{\"s\":1}"));
        store.UpsertAlarm(new AlarmRecord("B", "{\"v\":1}"), null);

        Assert.Equal([new AlarmRecord("B", "{\"v\":1}"), new AlarmRecord("a", "{\"v\":1}"), new AlarmRecord("b", "{\"v\":2}")], Open().ListAlarms());
        Assert.True(store.DeleteAlarm("a"));
        Assert.False(store.DeleteAlarm("a"));
        Assert.Equal(["B", "b"], store.ListAlarms().Select(a => a.Name));

        var history = store.ListHistory("b", null, null);
        Assert.Equal(["to ALARM", "created"], history.Select(h => h.Summary));
        Assert.Equal(new AlarmHistoryRecord("b", T0.AddSeconds(5), "StateUpdate", "to ALARM", "{\"s\":1}"), history[0]);
        Assert.Equal(["created"], store.ListHistory(null, null, T0.AddSeconds(4)).Select(h => h.Summary));
        Assert.Equal(["to ALARM"], store.ListHistory(null, T0.AddSeconds(1), null).Select(h => h.Summary));
        Assert.Empty(store.ListHistory("a", null, null));
    }

    [Fact]
    public void History_SameTimestamp_NewestFirst()
    {
        var store = Open();
        for (var i = 0; i < 5; i++)
        {
            store.UpsertAlarm(new AlarmRecord("x", "{}"), new AlarmHistoryRecord("x", T0, "StateUpdate", $"s{i}", "{}"));
        }

        Assert.Equal(["s4", "s3", "s2", "s1", "s0"], store.ListHistory("x", T0, T0).Select(h => h.Summary));
    }

    [Fact]
    public void GroundTruth_UpsertReplaceAndIsolate()
    {
        var store = Open();
        Assert.Equal(3, store.UpsertLabels("e1", [("a", "1"), ("b", "0"), ("c", "1")], T0));
        Assert.Equal(2, store.UpsertLabels("e1", [("b", "1"), ("d", "0")], T0.AddMinutes(1)));
        Assert.Equal(1, store.UpsertLabels("e2", [("a", "7")], T0));
        Assert.Equal(0, store.UpsertLabels("e2", [], T0));

        var labels = Open().Labels("e1");
        Assert.Equal(4, labels.Count);
        Assert.Equal("1", labels["b"]);
        Assert.Equal("0", labels["d"]);
        Assert.Equal("7", store.Labels("e2")["a"]);
        Assert.Empty(store.Labels("none"));
    }

    [Fact]
    public void GroundTruth_RepeatedKeyInOneBatch_LastWins()
    {
        var store = Open();
        store.UpsertLabels("e", [("k", "first"), ("k", "second")], T0);
        Assert.Equal("second", store.Labels("e")["k"]);
    }

    [Fact]
    public void GroundTruth_LargeBatch()
    {
        var store = Open();
        var labels = Enumerable.Range(0, 5000).Select(i => ($"event-{i}", (i % 2).ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(5000, store.UpsertLabels("e", labels, T0));
        Assert.Equal(5000, Open().Labels("e").Count);
    }
}
