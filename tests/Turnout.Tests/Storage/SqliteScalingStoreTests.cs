using Microsoft.Data.Sqlite;
using Turnout.Storage;
using Turnout.Storage.Sqlite;

namespace Turnout.Tests.Storage;

/// <summary>The scaling store contract on SQLite (turnout.db).</summary>
public sealed class SqliteScalingStoreTests : ScalingStoreContract, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "turnout-scaling-" + Guid.NewGuid().ToString("N") + ".db");

    protected override IScalingStore Open() => new SqliteScalingStore(_path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
