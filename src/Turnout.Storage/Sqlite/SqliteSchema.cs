using Microsoft.Data.Sqlite;

namespace Turnout.Storage.Sqlite;

/// <summary>Versioned schema migrations, applied in order inside one transaction each; user_version records progress.</summary>
internal static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE models (
            name TEXT PRIMARY KEY NOT NULL,
            arn TEXT NOT NULL,
            created INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE TABLE endpoint_configs (
            name TEXT PRIMARY KEY NOT NULL,
            arn TEXT NOT NULL,
            created INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE TABLE endpoints (
            name TEXT PRIMARY KEY NOT NULL,
            arn TEXT NOT NULL,
            config_name TEXT NOT NULL,
            status TEXT NOT NULL,
            failure_reason TEXT NULL,
            created INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            doc TEXT NOT NULL);
        """,
        """
        CREATE TABLE alarms (
            name TEXT PRIMARY KEY NOT NULL,
            doc TEXT NOT NULL);
        CREATE TABLE alarm_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alarm_name TEXT NOT NULL,
            ts INTEGER NOT NULL,
            item_type TEXT NOT NULL,
            summary TEXT NOT NULL,
            data TEXT NOT NULL);
        CREATE INDEX alarm_history_by_name ON alarm_history(alarm_name, ts);
        """,
        """
        CREATE TABLE ground_truth (
            endpoint TEXT NOT NULL,
            event_key TEXT NOT NULL,
            label TEXT NOT NULL,
            received INTEGER NOT NULL,
            PRIMARY KEY (endpoint, event_key));
        """,
        """
        CREATE TABLE scalable_targets (
            namespace TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            dimension TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (namespace, resource_id, dimension));
        CREATE TABLE scaling_policies (
            namespace TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            dimension TEXT NOT NULL,
            policy_name TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (namespace, resource_id, dimension, policy_name));
        CREATE TABLE scaling_activities (
            activity_id TEXT PRIMARY KEY NOT NULL,
            namespace TEXT NOT NULL,
            resource_id TEXT NOT NULL,
            dimension TEXT NOT NULL,
            started INTEGER NOT NULL,
            doc TEXT NOT NULL);
        CREATE INDEX scaling_activities_by_resource ON scaling_activities(namespace, resource_id, dimension, started);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(SqliteConnection connection)
    {
        using (connection)
        {
            using var read = connection.CreateCommand();
            read.CommandText = "PRAGMA user_version;";
            var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (version > Migrations.Length)
            {
                throw new InvalidOperationException(
                    $"The data directory was written by a newer Turnout (schema {version}, this build knows {Migrations.Length}). Upgrade Turnout or use another --data-dir.");
            }

            for (var v = version; v < Migrations.Length; v++)
            {
                using var tx = connection.BeginTransaction();
                using var migrate = connection.CreateCommand();
                migrate.Transaction = tx;
                migrate.CommandText = Migrations[v] + $"\nPRAGMA user_version = {v + 1};";
                migrate.ExecuteNonQuery();
                tx.Commit();
            }
        }
    }
}
