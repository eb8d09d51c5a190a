using Microsoft.Data.Sqlite;
using Turnout.Storage.Records;

namespace Turnout.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in the data directory, WAL journal, synchronous=FULL so
/// that a returned write is durable. Control-plane traffic is low, so each call opens a pooled connection.
/// </summary>
public sealed class SqliteControlPlaneStore : IControlPlaneStore, IAlarmStore, IGroundTruthStore
{
    private readonly string _connectionString;

    public SqliteControlPlaneStore(string databasePath)
    {
        _connectionString = SqliteConnections.ConnectionString(databasePath);
        SqliteSchema.Migrate(Open());
    }

    public string DatabasePath => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public bool TryInsertModel(ModelRecord model) =>
        Insert("INSERT OR IGNORE INTO models(name, arn, created, doc) VALUES ($n, $a, $c, $d)",
            model.Name, model.Arn, model.CreationTime, model.Document);

    public ModelRecord? GetModel(string name) =>
        QueryNamed("SELECT name, arn, created, doc FROM models WHERE name = $n", name, RecordRows.Model).FirstOrDefault();

    public IReadOnlyList<ModelRecord> ListModels() =>
        QueryNamed("SELECT name, arn, created, doc FROM models", null, RecordRows.Model);

    public bool DeleteModel(string name) => Execute("DELETE FROM models WHERE name = $n", name) > 0;

    public bool TryInsertEndpointConfig(EndpointConfigRecord config) =>
        Insert("INSERT OR IGNORE INTO endpoint_configs(name, arn, created, doc) VALUES ($n, $a, $c, $d)",
            config.Name, config.Arn, config.CreationTime, config.Document);

    public EndpointConfigRecord? GetEndpointConfig(string name) =>
        QueryNamed("SELECT name, arn, created, doc FROM endpoint_configs WHERE name = $n", name, RecordRows.EndpointConfig).FirstOrDefault();

    public IReadOnlyList<EndpointConfigRecord> ListEndpointConfigs() =>
        QueryNamed("SELECT name, arn, created, doc FROM endpoint_configs", null, RecordRows.EndpointConfig);

    public bool DeleteEndpointConfig(string name) => Execute("DELETE FROM endpoint_configs WHERE name = $n", name) > 0;

    public bool TryInsertEndpoint(EndpointRecord e)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO endpoints(name, arn, config_name, status, failure_reason, created, modified, doc)
            VALUES ($n, $a, $cfg, $s, $f, $c, $m, $d)
            """;
        BindEndpoint(command, e);
        return command.ExecuteNonQuery() > 0;
    }

    public EndpointRecord? GetEndpoint(string name) =>
        QueryNamed(RecordRows.EndpointSelect + " WHERE name = $n", name, RecordRows.Endpoint).FirstOrDefault();

    public IReadOnlyList<EndpointRecord> ListEndpoints() => QueryNamed(RecordRows.EndpointSelect, null, RecordRows.Endpoint);

    public bool UpdateEndpoint(EndpointRecord e)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE endpoints SET arn = $a, config_name = $cfg, status = $s, failure_reason = $f,
                created = $c, modified = $m, doc = $d
            WHERE name = $n
            """;
        BindEndpoint(command, e);
        return command.ExecuteNonQuery() > 0;
    }

    public bool DeleteEndpoint(string name) => Execute("DELETE FROM endpoints WHERE name = $n", name) > 0;

    public void UpsertAlarm(AlarmRecord alarm, AlarmHistoryRecord? history)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        using (var upsert = connection.CreateCommand())
        {
            upsert.Transaction = tx;
            upsert.CommandText = "INSERT INTO alarms(name, doc) VALUES ($n, $d) ON CONFLICT(name) DO UPDATE SET doc = excluded.doc";
            upsert.Parameters.AddWithValue("$n", alarm.Name);
            upsert.Parameters.AddWithValue("$d", alarm.Document);
            upsert.ExecuteNonQuery();
        }

        if (history is not null)
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = "INSERT INTO alarm_history(alarm_name, ts, item_type, summary, data) VALUES ($n, $t, $i, $s, $d)";
            insert.Parameters.AddWithValue("$n", history.AlarmName);
            insert.Parameters.AddWithValue("$t", history.Timestamp.ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("$i", history.ItemType);
            insert.Parameters.AddWithValue("$s", history.Summary);
            insert.Parameters.AddWithValue("$d", history.Data);
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public IReadOnlyList<AlarmRecord> ListAlarms() =>
        QueryNamed("SELECT name, doc FROM alarms ORDER BY name", null, RecordRows.Alarm);

    public bool DeleteAlarm(string name) => Execute("DELETE FROM alarms WHERE name = $n", name) > 0;

    public IReadOnlyList<AlarmHistoryRecord> ListHistory(string? alarmName, DateTimeOffset? from, DateTimeOffset? to)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT alarm_name, ts, item_type, summary, data FROM alarm_history
            WHERE ($n IS NULL OR alarm_name = $n) AND ($f IS NULL OR ts >= $f) AND ($t IS NULL OR ts <= $t)
            ORDER BY ts DESC, id DESC
            """;
        command.Parameters.AddWithValue("$n", (object?)alarmName ?? DBNull.Value);
        command.Parameters.AddWithValue("$f", (object?)from?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$t", (object?)to?.ToUnixTimeMilliseconds() ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        return RecordRows.All(reader, RecordRows.AlarmHistory);
    }

    public int UpsertLabels(string endpointName, IReadOnlyList<(string Key, string Label)> labels, DateTimeOffset received)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO ground_truth(endpoint, event_key, label, received) VALUES ($e, $k, $l, $r)
            ON CONFLICT(endpoint, event_key) DO UPDATE SET label = excluded.label, received = excluded.received
            """;
        var e = command.Parameters.Add("$e", SqliteType.Text);
        var k = command.Parameters.Add("$k", SqliteType.Text);
        var l = command.Parameters.Add("$l", SqliteType.Text);
        command.Parameters.AddWithValue("$r", received.ToUnixTimeMilliseconds());
        e.Value = endpointName;
        foreach (var (key, label) in labels)
        {
            k.Value = key;
            l.Value = label;
            command.ExecuteNonQuery();
        }

        tx.Commit();
        return labels.Count;
    }

    public IReadOnlyDictionary<string, string> Labels(string endpointName)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT event_key, label FROM ground_truth WHERE endpoint = $e";
        command.Parameters.AddWithValue("$e", endpointName);
        using var reader = command.ExecuteReader();
        return RecordRows.Labels(reader);
    }

    private SqliteConnection Open() => SqliteConnections.Open(_connectionString);

    private bool Insert(string sql, string name, string arn, DateTimeOffset created, string doc)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$n", name);
        command.Parameters.AddWithValue("$a", arn);
        command.Parameters.AddWithValue("$c", created.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$d", doc);
        return command.ExecuteNonQuery() > 0;
    }

    private int Execute(string sql, string name)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$n", name);
        return command.ExecuteNonQuery();
    }

    private List<T> QueryNamed<T>(string sql, string? name, Func<SqliteDataReader, T> read)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        if (name is not null)
        {
            command.Parameters.AddWithValue("$n", name);
        }

        using var reader = command.ExecuteReader();
        return RecordRows.All(reader, read);
    }

    private static void BindEndpoint(SqliteCommand command, EndpointRecord e)
    {
        command.Parameters.AddWithValue("$n", e.Name);
        command.Parameters.AddWithValue("$a", e.Arn);
        command.Parameters.AddWithValue("$cfg", e.ConfigName);
        command.Parameters.AddWithValue("$s", e.Status);
        command.Parameters.AddWithValue("$f", (object?)e.FailureReason ?? DBNull.Value);
        command.Parameters.AddWithValue("$c", e.CreationTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$m", e.LastModifiedTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$d", e.Document);
    }
}
