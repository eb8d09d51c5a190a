using Npgsql;

namespace Turnout.Cluster.Coordination;

/// <summary>
/// One coordinator at a time: a session-level PostgreSQL advisory lock held on a dedicated connection. The
/// lock lives exactly as long as that connection, so when the coordinator dies (or its connection does) the
/// database frees it and the next node's <see cref="TryAcquireAsync"/> wins it.
/// </summary>
public sealed class CoordinatorLease(NpgsqlDataSource dataSource, long lockKey) : IAsyncDisposable
{
    private NpgsqlConnection? _connection;

    public bool IsHeld => _connection is not null;

    /// <summary>
    /// The session that holds the lock, for the coordinator's writes: they fail once the lock is lost, so a
    /// deposed coordinator cannot overwrite its successor's plan.
    /// </summary>
    public NpgsqlConnection? Connection => _connection;

    /// <summary>Takes the lease if it is free; true if this node holds it (before or now).</summary>
    public async Task<bool> TryAcquireAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return await StillHeldAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.AddWithValue(lockKey);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                _connection = connection;
                return true;
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>Lets the lease go (clean shutdown), so another node takes over without waiting.</summary>
    public async ValueTask DisposeAsync()
    {
        var connection = _connection;
        _connection = null;
        if (connection is not null)
        {
            // Closing the session releases its advisory locks; pooled connections would keep them, so the
            // data source for the lease must not pool (see ClusterService).
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A held lock is only as good as its connection: a round trip proves the session is alive.</summary>
    private async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT 1", _connection);
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            await DisposeAsync().ConfigureAwait(false);
            return false;
        }
    }
}
