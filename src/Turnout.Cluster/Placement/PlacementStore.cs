using Npgsql;

namespace Turnout.Cluster.Placement;

/// <summary>The current plan in the shared database: written by the coordinator, read by every node.</summary>
public sealed class PlacementStore(NpgsqlDataSource dataSource)
{
    public const string Channel = "turnout_placement";

    public async Task<(PlacementPlan Plan, string? Coordinator, long Version)> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var instances = new Dictionary<(string, string), string[]>();
        await using (var command = new NpgsqlCommand("SELECT endpoint_name, variant_name, node_ids FROM turnout_cluster_placement", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                instances[(reader.GetString(0), reader.GetString(1))] = reader.GetFieldValue<string[]>(2);
            }
        }

        await using var coordinator = new NpgsqlCommand("SELECT node_id, plan_version FROM turnout_cluster_coordinator WHERE id = 1", connection);
        await using var row = await coordinator.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await row.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? (new PlacementPlan(instances), row.GetString(0), row.GetInt64(1))
            : (new PlacementPlan(instances), null, 0);
    }

    /// <summary>
    /// Replaces the plan in one transaction on the lease's own session (see <see cref="Coordination.CoordinatorLease.Connection"/>)
    /// and notifies the nodes. <paramref name="takeover"/> records a new coordinator even when the plan is unchanged.
    /// </summary>
    public static async Task WriteAsync(NpgsqlConnection leaseConnection, string nodeId, PlacementPlan plan, bool takeover, CancellationToken cancellationToken)
    {
        await using var transaction = await leaseConnection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var clear = new NpgsqlCommand("DELETE FROM turnout_cluster_placement", leaseConnection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var ((endpoint, variant), nodes) in plan.Instances)
        {
            await using var insert = new NpgsqlCommand("INSERT INTO turnout_cluster_placement (endpoint_name, variant_name, node_ids) VALUES ($1, $2, $3)", leaseConnection, transaction);
            insert.Parameters.AddWithValue(endpoint);
            insert.Parameters.AddWithValue(variant);
            insert.Parameters.AddWithValue(nodes);
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var coordinator = new NpgsqlCommand("""
            INSERT INTO turnout_cluster_coordinator (id, node_id, since, plan_version) VALUES (1, $1, now(), 1)
            ON CONFLICT (id) DO UPDATE SET plan_version = turnout_cluster_coordinator.plan_version + 1,
                node_id = EXCLUDED.node_id,
                since = CASE WHEN $2 THEN now() ELSE turnout_cluster_coordinator.since END
            """, leaseConnection, transaction))
        {
            coordinator.Parameters.AddWithValue(nodeId);
            coordinator.Parameters.AddWithValue(takeover);
            await coordinator.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var notify = new NpgsqlCommand($"NOTIFY {Channel}", leaseConnection, transaction))
        {
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
