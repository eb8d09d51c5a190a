using Npgsql;
using Turnout.Cluster;
using Turnout.Cluster.Coordination;
using Turnout.Cluster.Nodes;
using Turnout.Cluster.Placement;
using Turnout.Tests.Support;

namespace Turnout.Tests.Cluster;

/// <summary>The lease, node registry and plan table on a real PostgreSQL server.</summary>
public sealed class CoordinatorLeaseTests : IDisposable
{
    private readonly PostgresServer _server = PostgresServer.Shared;
    private readonly NpgsqlDataSource _pooled;
    private readonly NpgsqlDataSource _unpooled;
    private readonly string _database;

    public CoordinatorLeaseTests()
    {
        _database = _server.CreateDatabase("cluster");
        _pooled = NpgsqlDataSource.Create(_server.ConnectionString(_database));
        _unpooled = NpgsqlDataSource.Create(_server.ConnectionString(_database).Replace("Pooling=true", "Pooling=false", StringComparison.Ordinal));
        ClusterSchema.EnsureAsync(_pooled, CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _pooled.Dispose();
        _unpooled.Dispose();
    }

    [Fact]
    public async Task OneHolderAtATimeAndTheNextTakesOverWhenItsSessionDies()
    {
        await using var first = new CoordinatorLease(_unpooled, 4242);
        await using var second = new CoordinatorLease(_unpooled, 4242);
        Assert.True(await first.TryAcquireAsync(CancellationToken.None));
        Assert.False(await second.TryAcquireAsync(CancellationToken.None));
        Assert.True(await first.TryAcquireAsync(CancellationToken.None)); // still held

        // The holder's backend is killed (as when its node dies and PostgreSQL notices): the lock is free.
        var pid = first.Connection!.ProcessID;
        Assert.Equal(true, _server.Scalar(_database, $"SELECT pg_terminate_backend({pid})"));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await second.TryAcquireAsync(CancellationToken.None))
        {
            Assert.True(DateTime.UtcNow < deadline, "the lease was not free after its session was terminated");
            await Task.Delay(50);
        }

        Assert.False(await first.TryAcquireAsync(CancellationToken.None));
        Assert.False(first.IsHeld);
    }

    [Fact]
    public async Task ADeposedCoordinatorCannotWriteAPlan()
    {
        await using var lease = new CoordinatorLease(_unpooled, 4343);
        Assert.True(await lease.TryAcquireAsync(CancellationToken.None));
        var connection = lease.Connection!;
        var plan = new PlacementPlan(new Dictionary<(string, string), string[]> { [("e", "v")] = ["a"] });
        await PlacementStore.WriteAsync(connection, "a", plan, takeover: true, CancellationToken.None);
        var (read, coordinator, version) = await new PlacementStore(_pooled).ReadAsync(CancellationToken.None);
        Assert.True(read.SameAs(plan));
        Assert.Equal("a", coordinator);
        Assert.Equal(1, version);

        _server.Scalar(_database, $"SELECT pg_terminate_backend({connection.ProcessID})");
        await Assert.ThrowsAnyAsync<Exception>(() => PlacementStore.WriteAsync(connection, "a", PlacementPlan.Empty, takeover: false, CancellationToken.None));
        Assert.True((await new PlacementStore(_pooled).ReadAsync(CancellationToken.None)).Plan.SameAs(plan));
    }

    [Fact]
    public async Task NodesAreHealthyWhileTheyHeartbeatAndLeaveCleanly()
    {
        var a = new NodeRegistry(_pooled, Options("a", TimeSpan.FromSeconds(30)));
        var b = new NodeRegistry(_pooled, Options("b", TimeSpan.FromSeconds(30)));
        await a.HeartbeatAsync(CancellationToken.None);
        await b.HeartbeatAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], (await a.HealthyAsync(CancellationToken.None)).Select(n => n.Id));
        Assert.Equal(3, (await a.HealthyAsync(CancellationToken.None))[0].Capacity);

        // A node whose heartbeat is older than the timeout is out, by the database's clock.
        _server.Scalar(_database, "UPDATE turnout_cluster_nodes SET heartbeat_at = now() - interval '31 seconds' WHERE node_id = 'b'");
        Assert.Equal(["a"], (await a.HealthyAsync(CancellationToken.None)).Select(n => n.Id));
        await b.HeartbeatAsync(CancellationToken.None);
        Assert.Equal(["a", "b"], (await a.HealthyAsync(CancellationToken.None)).Select(n => n.Id));

        await b.LeaveAsync(CancellationToken.None);
        Assert.Equal(["a"], (await a.HealthyAsync(CancellationToken.None)).Select(n => n.Id));
    }

    private ClusterOptions Options(string id, TimeSpan timeout) => new()
    {
        ConnectionString = _server.ConnectionString(_database),
        NodeId = id,
        NodeUrl = "http://" + id,
        Capacity = 3,
        NodeTimeout = timeout,
    };
}
