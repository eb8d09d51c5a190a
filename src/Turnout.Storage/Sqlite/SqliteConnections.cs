using Microsoft.Data.Sqlite;

namespace Turnout.Storage.Sqlite;

/// <summary>
/// Connections to turnout.db, shared by the control-plane and scaling stores so both get the same durability.
/// Control-plane traffic is low, so each call opens a pooled connection.
/// </summary>
internal static class SqliteConnections
{
    public static string ConnectionString(string databasePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        return new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public static SqliteConnection Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // WAL lets readers run beside the writer; FULL makes every commit durable before we acknowledge it.
        // (The schema declares no foreign keys, so foreign_keys=ON only guards any that a migration adds.)
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }
}
