using Npgsql;
using Turnout.Storage.Records;

namespace Turnout.Storage.Postgres;

/// <summary>
/// Auto scaling state shared by a cluster, with the SQLite store's semantics: upserts keyed by the same
/// primary keys, start times as Unix milliseconds, lists ordered byte-wise (COLLATE "C", as SQLite's BINARY)
/// so every node and both stores return the same order.
/// </summary>
public sealed class PostgresScalingStore(NpgsqlDataSource db) : IScalingStore
{
    public void UpsertScalableTarget(ScalableTargetRecord target) =>
        Execute("""
            INSERT INTO scalable_targets(namespace, resource_id, dimension, doc) VALUES ($1, $2, $3, $4)
            ON CONFLICT (namespace, resource_id, dimension) DO UPDATE SET doc = excluded.doc
            """, target.ServiceNamespace, target.ResourceId, target.ScalableDimension, target.Document);

    public IReadOnlyList<ScalableTargetRecord> ListScalableTargets() =>
        Query("""
            SELECT namespace, resource_id, dimension, doc FROM scalable_targets
            ORDER BY namespace COLLATE "C", resource_id COLLATE "C", dimension COLLATE "C"
            """, r => new ScalableTargetRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3)));

    public bool DeleteScalableTarget(string serviceNamespace, string resourceId, string scalableDimension)
    {
        using var connection = db.OpenConnection();
        using var tx = connection.BeginTransaction();
        using var policies = new NpgsqlCommand(
            "DELETE FROM scaling_policies WHERE namespace = $1 AND resource_id = $2 AND dimension = $3", connection, tx);
        Bind(policies, serviceNamespace, resourceId, scalableDimension);
        policies.ExecuteNonQuery();
        using var target = new NpgsqlCommand(
            "DELETE FROM scalable_targets WHERE namespace = $1 AND resource_id = $2 AND dimension = $3", connection, tx);
        Bind(target, serviceNamespace, resourceId, scalableDimension);
        var deleted = target.ExecuteNonQuery() > 0;
        tx.Commit();
        return deleted;
    }

    public void UpsertScalingPolicy(ScalingPolicyRecord policy) =>
        Execute("""
            INSERT INTO scaling_policies(namespace, resource_id, dimension, policy_name, doc) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (namespace, resource_id, dimension, policy_name) DO UPDATE SET doc = excluded.doc
            """, policy.ServiceNamespace, policy.ResourceId, policy.ScalableDimension, policy.PolicyName, policy.Document);

    public IReadOnlyList<ScalingPolicyRecord> ListScalingPolicies() =>
        Query("""
            SELECT namespace, resource_id, dimension, policy_name, doc FROM scaling_policies
            ORDER BY namespace COLLATE "C", resource_id COLLATE "C", dimension COLLATE "C", policy_name COLLATE "C"
            """, r => new ScalingPolicyRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));

    public bool DeleteScalingPolicy(string serviceNamespace, string resourceId, string scalableDimension, string policyName) =>
        Execute("DELETE FROM scaling_policies WHERE namespace = $1 AND resource_id = $2 AND dimension = $3 AND policy_name = $4",
            serviceNamespace, resourceId, scalableDimension, policyName) > 0;

    public void UpsertScalingActivity(ScalingActivityRecord activity) =>
        Execute("""
            INSERT INTO scaling_activities(activity_id, namespace, resource_id, dimension, started, doc) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (activity_id) DO UPDATE SET doc = excluded.doc
            """, activity.ActivityId, activity.ServiceNamespace, activity.ResourceId, activity.ScalableDimension,
            activity.StartTime.ToUnixTimeMilliseconds(), activity.Document);

    public IReadOnlyList<ScalingActivityRecord> ListScalingActivities(string serviceNamespace, string? resourceId, string? scalableDimension, int limit)
    {
        using var command = db.CreateCommand("""
            SELECT activity_id, namespace, resource_id, dimension, started, doc FROM scaling_activities
            WHERE namespace = $1 AND ($2::text IS NULL OR resource_id = $2) AND ($3::text IS NULL OR dimension = $3)
            ORDER BY started DESC, seq DESC LIMIT $4
            """);
        Bind(command, serviceNamespace, (object?)resourceId ?? DBNull.Value, (object?)scalableDimension ?? DBNull.Value, limit);
        return Read(command, r => new ScalingActivityRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)), r.GetString(5)));
    }

    private int Execute(string sql, params object[] values)
    {
        using var command = db.CreateCommand(sql);
        Bind(command, values);
        return command.ExecuteNonQuery();
    }

    private List<T> Query<T>(string sql, Func<NpgsqlDataReader, T> read)
    {
        using var command = db.CreateCommand(sql);
        return Read(command, read);
    }

    private static List<T> Read<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }

    private static void Bind(NpgsqlCommand command, params object[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
    }
}
