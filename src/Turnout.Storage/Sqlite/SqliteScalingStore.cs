using Microsoft.Data.Sqlite;
using Turnout.Storage.Records;

namespace Turnout.Storage.Sqlite;

/// <summary>
/// Auto scaling state in the same SQLite file as the control plane (turnout.db), same durability:
/// WAL journal, synchronous=FULL, one pooled connection per call.
/// </summary>
public sealed class SqliteScalingStore : IScalingStore
{
    private readonly string _connectionString;

    public SqliteScalingStore(string databasePath)
    {
        _connectionString = SqliteConnections.ConnectionString(databasePath);
        SqliteSchema.Migrate(Open());
    }

    public void UpsertScalableTarget(ScalableTargetRecord target)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO scalable_targets(namespace, resource_id, dimension, doc) VALUES ($ns, $r, $dim, $d)
            ON CONFLICT(namespace, resource_id, dimension) DO UPDATE SET doc = excluded.doc
            """;
        BindTarget(command, target.ServiceNamespace, target.ResourceId, target.ScalableDimension);
        command.Parameters.AddWithValue("$d", target.Document);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ScalableTargetRecord> ListScalableTargets() =>
        Query("SELECT namespace, resource_id, dimension, doc FROM scalable_targets ORDER BY namespace, resource_id, dimension",
            null, r => new ScalableTargetRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));

    public bool DeleteScalableTarget(string serviceNamespace, string resourceId, string scalableDimension)
    {
        using var connection = Open();
        using var tx = connection.BeginTransaction();
        using var policies = connection.CreateCommand();
        policies.Transaction = tx;
        policies.CommandText = "DELETE FROM scaling_policies WHERE namespace = $ns AND resource_id = $r AND dimension = $dim";
        BindTarget(policies, serviceNamespace, resourceId, scalableDimension);
        policies.ExecuteNonQuery();
        using var target = connection.CreateCommand();
        target.Transaction = tx;
        target.CommandText = "DELETE FROM scalable_targets WHERE namespace = $ns AND resource_id = $r AND dimension = $dim";
        BindTarget(target, serviceNamespace, resourceId, scalableDimension);
        var deleted = target.ExecuteNonQuery() > 0;
        tx.Commit();
        return deleted;
    }

    public void UpsertScalingPolicy(ScalingPolicyRecord policy)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO scaling_policies(namespace, resource_id, dimension, policy_name, doc) VALUES ($ns, $r, $dim, $p, $d)
            ON CONFLICT(namespace, resource_id, dimension, policy_name) DO UPDATE SET doc = excluded.doc
            """;
        BindTarget(command, policy.ServiceNamespace, policy.ResourceId, policy.ScalableDimension);
        command.Parameters.AddWithValue("$p", policy.PolicyName);
        command.Parameters.AddWithValue("$d", policy.Document);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ScalingPolicyRecord> ListScalingPolicies() =>
        Query("SELECT namespace, resource_id, dimension, policy_name, doc FROM scaling_policies ORDER BY namespace, resource_id, dimension, policy_name",
            null, r => new ScalingPolicyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));

    public bool DeleteScalingPolicy(string serviceNamespace, string resourceId, string scalableDimension, string policyName)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM scaling_policies WHERE namespace = $ns AND resource_id = $r AND dimension = $dim AND policy_name = $p";
        BindTarget(command, serviceNamespace, resourceId, scalableDimension);
        command.Parameters.AddWithValue("$p", policyName);
        return command.ExecuteNonQuery() > 0;
    }

    public void UpsertScalingActivity(ScalingActivityRecord activity)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO scaling_activities(activity_id, namespace, resource_id, dimension, started, doc) VALUES ($id, $ns, $r, $dim, $s, $d)
            ON CONFLICT(activity_id) DO UPDATE SET doc = excluded.doc
            """;
        command.Parameters.AddWithValue("$id", activity.ActivityId);
        BindTarget(command, activity.ServiceNamespace, activity.ResourceId, activity.ScalableDimension);
        command.Parameters.AddWithValue("$s", activity.StartTime.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$d", activity.Document);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ScalingActivityRecord> ListScalingActivities(string serviceNamespace, string? resourceId, string? scalableDimension, int limit)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT activity_id, namespace, resource_id, dimension, started, doc FROM scaling_activities
            WHERE namespace = $ns AND ($r IS NULL OR resource_id = $r) AND ($dim IS NULL OR dimension = $dim)
            ORDER BY started DESC, rowid DESC LIMIT $l
            """;
        command.Parameters.AddWithValue("$ns", serviceNamespace);
        command.Parameters.AddWithValue("$r", (object?)resourceId ?? DBNull.Value);
        command.Parameters.AddWithValue("$dim", (object?)scalableDimension ?? DBNull.Value);
        command.Parameters.AddWithValue("$l", limit);
        using var reader = command.ExecuteReader();
        var result = new List<ScalingActivityRecord>();
        while (reader.Read())
        {
            result.Add(new ScalingActivityRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5)));
        }

        return result;
    }

    private static void BindTarget(SqliteCommand command, string serviceNamespace, string resourceId, string scalableDimension)
    {
        command.Parameters.AddWithValue("$ns", serviceNamespace);
        command.Parameters.AddWithValue("$r", resourceId);
        command.Parameters.AddWithValue("$dim", scalableDimension);
    }

    private List<T> Query<T>(string sql, Action<SqliteCommand>? bind, Func<SqliteDataReader, T> read)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind?.Invoke(command);
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }

    private SqliteConnection Open() => SqliteConnections.Open(_connectionString);
}
