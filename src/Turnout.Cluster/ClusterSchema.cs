using Npgsql;

namespace Turnout.Cluster;

/// <summary>
/// The cluster's own tables: the node registry and the placement plan. They hold only soft state (both are
/// rebuilt from heartbeats and the endpoints within seconds), so they are created idempotently rather than
/// versioned with the store's migrations.
/// </summary>
internal static class ClusterSchema
{
    /// <summary>pg_advisory_lock key of the coordinator lease ("turnout" in ASCII).</summary>
    public const long CoordinatorLockKey = 0x74_75_72_6E_6F_75_74;

    public static async Task EnsureAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // Two nodes starting at once must not race on CREATE TABLE IF NOT EXISTS (it is not atomic in PostgreSQL).
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock($1)", connection))
        {
            lockCommand.Parameters.AddWithValue(CoordinatorLockKey + 1);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var command = new NpgsqlCommand("""
                CREATE TABLE IF NOT EXISTS turnout_cluster_nodes (
                    node_id      text PRIMARY KEY,
                    url          text NOT NULL,
                    capacity     integer NOT NULL,
                    started_at   timestamptz NOT NULL DEFAULT now(),
                    heartbeat_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE IF NOT EXISTS turnout_cluster_placement (
                    endpoint_name text NOT NULL,
                    variant_name  text NOT NULL,
                    node_ids      text[] NOT NULL,
                    PRIMARY KEY (endpoint_name, variant_name));
                CREATE TABLE IF NOT EXISTS turnout_cluster_coordinator (
                    id          integer PRIMARY KEY CHECK (id = 1),
                    node_id     text NOT NULL,
                    since       timestamptz NOT NULL,
                    plan_version bigint NOT NULL);
                """, connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection);
            unlock.Parameters.AddWithValue(CoordinatorLockKey + 1);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
