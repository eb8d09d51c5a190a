using Turnout.Storage;
using Turnout.Storage.Postgres;
using Turnout.Tests.Support;

namespace Turnout.Tests.Storage;

/// <summary>The scaling store contract on a real PostgreSQL server; each Open is another node's store.</summary>
public sealed class PostgresScalingStoreTests : ScalingStoreContract, IDisposable
{
    private readonly PostgresServer _server = PostgresServer.Shared;
    private readonly string _database;
    private readonly List<PostgresControlPlaneStore> _opened = [];
    private int _nodes;

    public PostgresScalingStoreTests() => _database = _server.CreateDatabase("scaling");

    protected override IScalingStore Open()
    {
        var store = new PostgresControlPlaneStore(_server.Url(_database), "node-" + Interlocked.Increment(ref _nodes));
        lock (_opened)
        {
            _opened.Add(store);
        }

        return store.ScalingStore();
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
    }
}
