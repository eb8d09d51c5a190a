using Microsoft.Data.Sqlite;
using Turnout.Storage.Records;
using Turnout.Storage.Sqlite;

namespace Turnout.Tests.Storage;

public sealed class SqliteControlPlaneStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), "turnout-store-" + Guid.NewGuid().ToString("N") + ".db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_123);

    [Fact]
    public void Models_InsertGetListDelete()
    {
        var store = new SqliteControlPlaneStore(_path);
        Assert.True(store.TryInsertModel(new ModelRecord("m", "arn:m", T0, "{\"a\":1}")));
        Assert.False(store.TryInsertModel(new ModelRecord("m", "arn:other", T0, "{}")));
        Assert.Equal(new ModelRecord("m", "arn:m", T0, "{\"a\":1}"), store.GetModel("m"));
        Assert.Single(store.ListModels());
        Assert.True(store.DeleteModel("m"));
        Assert.False(store.DeleteModel("m"));
        Assert.Null(store.GetModel("m"));
    }

    [Fact]
    public void Endpoints_SurviveReopen()
    {
        var record = new EndpointRecord("e", "arn:e", "c", "Creating", null, T0, T0, "{}");
        var store = new SqliteControlPlaneStore(_path);
        Assert.True(store.TryInsertEndpoint(record));
        Assert.True(store.UpdateEndpoint(record with { Status = "Failed", FailureReason = "why", LastModifiedTime = T0.AddSeconds(1) }));
        SqliteConnection.ClearAllPools();

        var reopened = new SqliteControlPlaneStore(_path);
        var read = reopened.GetEndpoint("e")!;
        Assert.Equal("Failed", read.Status);
        Assert.Equal("why", read.FailureReason);
        Assert.Equal(T0.AddSeconds(1), read.LastModifiedTime);
        Assert.False(reopened.UpdateEndpoint(record with { Name = "other" }));
    }

    [Fact]
    public void Open_UsesWalAndCurrentSchema()
    {
        _ = new SqliteControlPlaneStore(_path);
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
        _ = new SqliteControlPlaneStore(_path);
        using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        var error = Assert.Throws<InvalidOperationException>(() => new SqliteControlPlaneStore(_path));
        Assert.Contains("newer Turnout", error.Message, StringComparison.Ordinal);
    }
}
