using Npgsql;
using NpgsqlTypes;
using Turnout.Storage.Records;

namespace Turnout.Storage.Postgres;

/// <summary>
/// The shared store for a cluster: every node reads and writes the same PostgreSQL database. Inserts rely
/// on primary keys (INSERT … ON CONFLICT DO NOTHING is atomic under READ COMMITTED), so when two nodes
/// create the same name at once exactly one wins and the other reports "already exists", as SQLite does.
/// A commit is durable before the call returns (synchronous_commit is the server's, on by default).
/// </summary>
public sealed class PostgresControlPlaneStore : IControlPlaneStore, IAlarmStore, IGroundTruthStore, IEndpointChangeFeed, IDisposable
{
    /// <summary>The NOTIFY channel endpoint writes are announced on; the payload is the endpoint name.</summary>
    public const string ChangeChannel = "turnout_changes";

    private readonly NpgsqlDataSource _db;

    public PostgresControlPlaneStore(string store, string nodeId)
    {
        NodeId = nodeId;
        Description = PostgresConnection.Describe(store);
        _db = PostgresConnection.CreateDataSource(store, nodeId);
        PostgresSchema.Migrate(_db);
    }

    public string NodeId { get; }

    /// <summary>Host, port and database (no password).</summary>
    public string Description { get; }

    /// <summary>The connection pool (sessions carry this node's id), for other cluster features such as advisory-lock leases.</summary>
    public NpgsqlDataSource DataSource => _db;

    public bool TryInsertModel(ModelRecord model) =>
        Insert("INSERT INTO models(name, arn, created, doc) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            model.Name, model.Arn, model.CreationTime, model.Document);

    public ModelRecord? GetModel(string name) =>
        Query("SELECT name, arn, created, doc FROM models WHERE name = $1", name, RecordRows.Model).FirstOrDefault();

    public IReadOnlyList<ModelRecord> ListModels() => Query("SELECT name, arn, created, doc FROM models", null, RecordRows.Model);

    public bool DeleteModel(string name) => Execute("DELETE FROM models WHERE name = $1", name) > 0;

    public bool TryInsertEndpointConfig(EndpointConfigRecord config) =>
        Insert("INSERT INTO endpoint_configs(name, arn, created, doc) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            config.Name, config.Arn, config.CreationTime, config.Document);

    public EndpointConfigRecord? GetEndpointConfig(string name) =>
        Query("SELECT name, arn, created, doc FROM endpoint_configs WHERE name = $1", name, RecordRows.EndpointConfig).FirstOrDefault();

    public IReadOnlyList<EndpointConfigRecord> ListEndpointConfigs() =>
        Query("SELECT name, arn, created, doc FROM endpoint_configs", null, RecordRows.EndpointConfig);

    public bool DeleteEndpointConfig(string name) => Execute("DELETE FROM endpoint_configs WHERE name = $1", name) > 0;

    public bool TryInsertEndpoint(EndpointRecord endpoint)
    {
        using var command = _db.CreateCommand("""
            INSERT INTO endpoints(name, arn, config_name, status, failure_reason, created, modified, doc)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING
            """);
        BindEndpoint(command, endpoint);
        return command.ExecuteNonQuery() > 0;
    }

    public EndpointRecord? GetEndpoint(string name) =>
        Query(RecordRows.EndpointSelect + " WHERE name = $1", name, RecordRows.Endpoint).FirstOrDefault();

    public IReadOnlyList<EndpointRecord> ListEndpoints() => Query(RecordRows.EndpointSelect, null, RecordRows.Endpoint);

    public bool UpdateEndpoint(EndpointRecord endpoint)
    {
        using var command = _db.CreateCommand("""
            UPDATE endpoints SET arn = $2, config_name = $3, status = $4, failure_reason = $5, created = $6, modified = $7, doc = $8
            WHERE name = $1
            """);
        BindEndpoint(command, endpoint);
        return command.ExecuteNonQuery() > 0;
    }

    public bool DeleteEndpoint(string name) => Execute("DELETE FROM endpoints WHERE name = $1", name) > 0;

    public void UpsertAlarm(AlarmRecord alarm, AlarmHistoryRecord? history)
    {
        using var connection = _db.OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var upsert = new NpgsqlCommand("INSERT INTO alarms(name, doc) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET doc = excluded.doc", connection, tx))
        {
            upsert.Parameters.Add(new NpgsqlParameter { Value = alarm.Name });
            upsert.Parameters.Add(new NpgsqlParameter { Value = alarm.Document });
            upsert.ExecuteNonQuery();
        }

        if (history is not null)
        {
            using var insert = new NpgsqlCommand("INSERT INTO alarm_history(alarm_name, ts, item_type, summary, data) VALUES ($1, $2, $3, $4, $5)", connection, tx);
            insert.Parameters.Add(new NpgsqlParameter { Value = history.AlarmName });
            insert.Parameters.Add(new NpgsqlParameter { Value = history.Timestamp.ToUnixTimeMilliseconds() });
            insert.Parameters.Add(new NpgsqlParameter { Value = history.ItemType });
            insert.Parameters.Add(new NpgsqlParameter { Value = history.Summary });
            insert.Parameters.Add(new NpgsqlParameter { Value = history.Data });
            insert.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public IReadOnlyList<AlarmRecord> ListAlarms() =>
        Query("SELECT name, doc FROM alarms ORDER BY name COLLATE \"C\"", null, RecordRows.Alarm);

    public bool DeleteAlarm(string name) => Execute("DELETE FROM alarms WHERE name = $1", name) > 0;

    public IReadOnlyList<AlarmHistoryRecord> ListHistory(string? alarmName, DateTimeOffset? from, DateTimeOffset? to)
    {
        using var command = _db.CreateCommand("""
            SELECT alarm_name, ts, item_type, summary, data FROM alarm_history
            WHERE ($1::text IS NULL OR alarm_name = $1) AND ($2::bigint IS NULL OR ts >= $2) AND ($3::bigint IS NULL OR ts <= $3)
            ORDER BY ts DESC, id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)alarmName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)from?.ToUnixTimeMilliseconds() ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)to?.ToUnixTimeMilliseconds() ?? DBNull.Value });
        using var reader = command.ExecuteReader();
        return RecordRows.All(reader, RecordRows.AlarmHistory);
    }

    public int UpsertLabels(string endpointName, IReadOnlyList<(string Key, string Label)> labels, DateTimeOffset received)
    {
        if (labels.Count == 0)
        {
            return 0;
        }

        // One statement for the whole batch; the last label for a repeated key wins, as it does row by row in SQLite.
        var latest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, label) in labels)
        {
            latest[key] = label;
        }

        using var command = _db.CreateCommand("""
            INSERT INTO ground_truth(endpoint, event_key, label, received)
            SELECT $1, k, l, $4 FROM unnest($2::text[], $3::text[]) AS u(k, l)
            ON CONFLICT (endpoint, event_key) DO UPDATE SET label = excluded.label, received = excluded.received
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = endpointName });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Keys.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = latest.Values.ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = received.ToUnixTimeMilliseconds() });
        command.ExecuteNonQuery();
        return labels.Count;
    }

    public IReadOnlyDictionary<string, string> Labels(string endpointName)
    {
        using var command = _db.CreateCommand("SELECT event_key, label FROM ground_truth WHERE endpoint = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = endpointName });
        using var reader = command.ExecuteReader();
        return RecordRows.Labels(reader);
    }

    public IReadOnlyList<EndpointVersion> EndpointVersions() =>
        Query("SELECT name, version, changed_by FROM endpoints", null, r => new EndpointVersion(r.GetString(0), r.GetInt64(1), r.IsDBNull(2) ? null : r.GetString(2)));

    public async Task ListenAsync(Action<string> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var backoff = TimeSpan.FromMilliseconds(100);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
                connection.Notification += (_, e) => onChange(e.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + ChangeChannel, connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                backoff = TimeSpan.FromMilliseconds(100);
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.IO.IOException or InvalidOperationException)
            {
                // Lost the connection: the poll covers what we miss while reconnecting.
                await Task.Delay(backoff, cancellationToken).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    /// <summary>Metric roll-ups in the same database, tagged with this node's id.</summary>
    /// <summary>Auto scaling state in the same database and connection pool.</summary>
    public IScalingStore ScalingStore() => new PostgresScalingStore(_db);

    internal Func<Turnout.Metrics.Storage.IMetricStore> MetricStore() => () => new PostgresMetricStore(_db, NodeId, Description);

    public void Dispose() => _db.Dispose();

    private bool Insert(string sql, string name, string arn, DateTimeOffset created, string doc)
    {
        using var command = _db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        command.Parameters.Add(new NpgsqlParameter { Value = arn });
        command.Parameters.Add(new NpgsqlParameter { Value = created.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter { Value = doc });
        return command.ExecuteNonQuery() > 0;
    }

    private int Execute(string sql, string name)
    {
        using var command = _db.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, string? name, Func<NpgsqlDataReader, T> read)
    {
        using var command = _db.CreateCommand(sql);
        if (name is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = name });
        }

        using var reader = command.ExecuteReader();
        return RecordRows.All(reader, read);
    }

    private static void BindEndpoint(NpgsqlCommand command, EndpointRecord e)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = e.Name });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Arn });
        command.Parameters.Add(new NpgsqlParameter { Value = e.ConfigName });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Status });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)e.FailureReason ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = e.CreationTime.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter { Value = e.LastModifiedTime.ToUnixTimeMilliseconds() });
        command.Parameters.Add(new NpgsqlParameter { Value = e.Document });
    }
}
