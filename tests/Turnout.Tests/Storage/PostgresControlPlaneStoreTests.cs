using Npgsql;
using Turnout.Storage;
using Turnout.Storage.Postgres;
using Turnout.Storage.Records;
using Turnout.Tests.Support;

namespace Turnout.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL server, plus migrations and the change feed.</summary>
public sealed class PostgresControlPlaneStoreTests : ControlPlaneStoreContract<PostgresControlPlaneStore>, IDisposable
{
    private readonly PostgresServer _server = PostgresServer.Shared;
    private readonly string _database;
    private readonly List<PostgresControlPlaneStore> _opened = [];
    private int _nodes;

    public PostgresControlPlaneStoreTests() => _database = _server.CreateDatabase("store");

    protected override PostgresControlPlaneStore Open() => Open("node-" + Interlocked.Increment(ref _nodes));

    private PostgresControlPlaneStore Open(string nodeId)
    {
        var store = new PostgresControlPlaneStore(_server.Url(_database), nodeId);
        lock (_opened)
        {
            _opened.Add(store);
        }

        return store;
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
    }

    [Fact]
    public void Migrations_RecordEveryVersion_AndAreIdempotent()
    {
        _ = Open();
        _ = Open();
        Assert.Equal((long)PostgresSchema.LatestVersion, _server.Scalar(_database, "SELECT count(*) FROM turnout_schema"));
        Assert.Equal(PostgresSchema.LatestVersion, _server.Scalar(_database, "SELECT max(version) FROM turnout_schema"));
    }

    [Fact]
    public async Task Migrations_NodesStartingAtOnce_ApplyEachOnce()
    {
        var fresh = _server.CreateDatabase("race");
        using var start = new Barrier(6);
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() =>
        {
            start.SignalAndWait();
            return new PostgresControlPlaneStore(_server.Url(fresh), $"n{i}");
        })));
        try
        {
            Assert.Equal((long)PostgresSchema.LatestVersion, _server.Scalar(fresh, "SELECT count(*) FROM turnout_schema"));
            Assert.True(stores[5].TryInsertModel(new ModelRecord("m", "arn", T0, "{}")));
            Assert.NotNull(stores[0].GetModel("m"));
        }
        finally
        {
            foreach (var s in stores)
            {
                s.Dispose();
            }
        }
    }

    [Fact]
    public void Open_NewerSchema_RefusedWithAdvice()
    {
        _ = Open();
        _server.Scalar(_database, "INSERT INTO turnout_schema(version) VALUES (999)");
        var error = Assert.Throws<InvalidOperationException>(() => Open());
        Assert.Contains("newer Turnout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EndpointWrites_CarryVersionAndWritingNode()
    {
        var a = Open("node-a");
        var b = Open("node-b");
        var record = new EndpointRecord("e", "arn:e", "c", "Creating", null, T0, T0, "{}");
        Assert.True(a.TryInsertEndpoint(record));
        var first = Assert.Single(b.EndpointVersions());
        Assert.Equal("node-a", first.ChangedBy);

        Assert.True(b.UpdateEndpoint(record with { Status = "InService" }));
        var second = Assert.Single(a.EndpointVersions());
        Assert.Equal("node-b", second.ChangedBy);
        Assert.True(second.Version > first.Version);
    }

    [Fact]
    public async Task ListenAsync_WakesOnAnotherNodesWrite()
    {
        var listener = Open("listener");
        var writer = Open("writer");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();
        var listening = listener.ListenAsync(seen.Enqueue, stop.Token);

        // LISTEN takes effect asynchronously: write until a notification arrives, within a deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var record = new EndpointRecord("watched", "arn", "c", "Creating", null, T0, T0, "{}");
        Assert.True(writer.TryInsertEndpoint(record));
        while (!seen.Contains("watched"))
        {
            Assert.True(DateTime.UtcNow < deadline, "no notification within 10 s");
            writer.UpdateEndpoint(record);
            await Task.Delay(20);
        }

        // Now listening: a fresh endpoint's insert notifies once, and its delete once more. Counting only its
        // name keeps late notifications of the updates above out (and the count is taken before each write).
        await AssertNotifiedAsync(() => Assert.True(writer.TryInsertEndpoint(record with { Name = "doomed" })), "the insert");
        await AssertNotifiedAsync(() => Assert.True(writer.DeleteEndpoint("doomed")), "the delete");

        async Task AssertNotifiedAsync(Action write, string what)
        {
            var before = seen.Count(n => n == "doomed");
            write();
            var until = DateTime.UtcNow.AddSeconds(10);
            while (seen.Count(n => n == "doomed") == before)
            {
                Assert.True(DateTime.UtcNow < until, $"no notification for {what}");
                await Task.Delay(20);
            }
        }

        await stop.CancelAsync();
        await listening;
    }

    [Theory]
    [InlineData("postgres://u:p%40ss@db.example:6543/turnout?sslmode=disable", "db.example", 6543, "turnout", "u", "p@ss")]
    [InlineData("postgresql://db/turnout", "db", 5432, "turnout", null, null)]
    [InlineData("Host=db;Port=5433;Username=u;Password=x;Database=d", "db", 5433, "d", "u", "x")]
    public void ConnectionStrings_UrlOrNpgsql(string store, string host, int port, string database, string? user, string? password)
    {
        Assert.True(PostgresConnection.IsPostgres(store));
        var b = PostgresConnection.Parse(store);
        Assert.Equal(host, b.Host);
        Assert.Equal(port, b.Port);
        Assert.Equal(database, b.Database);
        Assert.Equal(user, b.Username);
        Assert.Equal(password, b.Password);
        Assert.DoesNotContain("p@ss", PostgresConnection.Describe(store), StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectionStrings_Invalid_ExplainTheForm()
    {
        var error = Assert.Throws<FormatException>(() => PostgresConnection.Parse("mysql://u:secret@h/d"));
        Assert.Contains("postgres://user:password@host:5432/database", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_ServerFails_WithNpgsqlError()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        Assert.ThrowsAny<NpgsqlException>(() => new PostgresControlPlaneStore($"Host=127.0.0.1;Port={port};Username=x;Database=y;Timeout=2", "n"));
    }

    [Fact]
    public void StoreIsAChangeFeed() => Assert.IsAssignableFrom<IEndpointChangeFeed>(Open());
}
