using Npgsql;

namespace Turnout.Cluster.Nodes;

/// <summary>
/// The nodes of the cluster in the shared database. Each node upserts its row on every heartbeat; a node is
/// healthy while its heartbeat is younger than the timeout by the database's clock, so node clocks may skew.
/// </summary>
public sealed class NodeRegistry(NpgsqlDataSource dataSource, ClusterOptions options)
{
    public async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO turnout_cluster_nodes (node_id, url, capacity) VALUES ($1, $2, $3)
            ON CONFLICT (node_id) DO UPDATE SET url = EXCLUDED.url, capacity = EXCLUDED.capacity, heartbeat_at = now()
            """);
        command.Parameters.AddWithValue(options.NodeId);
        command.Parameters.AddWithValue(options.NodeUrl);
        command.Parameters.AddWithValue(options.Capacity);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Nodes that heartbeated within the timeout, by id.</summary>
    public async Task<IReadOnlyList<ClusterNode>> HealthyAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT node_id, url, capacity FROM turnout_cluster_nodes
            WHERE heartbeat_at > now() - make_interval(secs => $1) ORDER BY node_id
            """);
        command.Parameters.AddWithValue(options.NodeTimeout.TotalSeconds);
        var nodes = new List<ClusterNode>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new ClusterNode(reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return nodes;
    }

    /// <summary>On a clean shutdown: leave now instead of after the timeout, so placement moves at once.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM turnout_cluster_nodes WHERE node_id = $1");
        command.Parameters.AddWithValue(options.NodeId);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Rows whose heartbeat stopped long ago (ten timeouts), so the table does not grow with restarts.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM turnout_cluster_nodes WHERE heartbeat_at < now() - make_interval(secs => $1)");
        command.Parameters.AddWithValue(options.NodeTimeout.TotalSeconds * 10);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
