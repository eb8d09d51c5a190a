using Microsoft.Data.Sqlite;
using Turnout.Storage.Sqlite;

namespace Turnout.Tests.Storage;

/// <summary>The store contract on SQLite, plus what only the SQLite file does (WAL, user_version).</summary>
public sealed class SqliteControlPlaneStoreTests : ControlPlaneStoreContract<SqliteControlPlaneStore>, IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "turnout-store-" + Guid.NewGuid().ToString("N") + ".db");

    protected override SqliteControlPlaneStore Open() => new(_path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Open_UsesWalAndCurrentSchema()
    {
        _ = Open();
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode; ";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "PRAGMA user_version;";
        Assert.Equal((long)SqliteSchema.LatestVersion, command.ExecuteScalar());
    }

    [Fact]
    public void Open_NewerSchema_RefusedWithAdvice()
    {
        _ = Open();
        using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var error = Assert.Throws<InvalidOperationException>(Open);
        Assert.Contains("newer Turnout", error.Message, StringComparison.Ordinal);
    }
}
