using Npgsql;

namespace Turnout.Storage.Postgres;

/// <summary>
/// Versioned migrations, each recorded in turnout_schema. All of them run in one transaction under a
/// transaction-scoped advisory lock, so nodes starting at once apply each migration exactly once: the
/// others wait, then find the versions already recorded.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>Arbitrary but fixed: "turnout" migrations' advisory lock key.</summary>
    internal const long MigrationLockKey = 0x7475_726e_6f75_7401;

    private static readonly string[] Migrations =
    [
        // 1: control plane. Times are Unix milliseconds, as in SQLite, so both stores round-trip identically.
        """
        CREATE TABLE models (
            name text PRIMARY KEY,
            arn text NOT NULL,
            created bigint NOT NULL,
            doc text NOT NULL);
        CREATE TABLE endpoint_configs (
            name text PRIMARY KEY,
            arn text NOT NULL,
            created bigint NOT NULL,
            doc text NOT NULL);
        CREATE SEQUENCE endpoint_versions;
        CREATE TABLE endpoints (
            name text PRIMARY KEY,
            arn text NOT NULL,
            config_name text NOT NULL,
            status text NOT NULL,
            failure_reason text NULL,
            created bigint NOT NULL,
            modified bigint NOT NULL,
            doc text NOT NULL,
            version bigint NOT NULL DEFAULT 0,
            changed_by text NULL);
        """,
        // 2: alarms.
        """
        CREATE TABLE alarms (
            name text PRIMARY KEY,
            doc text NOT NULL);
        CREATE TABLE alarm_history (
            id bigserial PRIMARY KEY,
            alarm_name text NOT NULL,
            ts bigint NOT NULL,
            item_type text NOT NULL,
            summary text NOT NULL,
            data text NOT NULL);
        CREATE INDEX alarm_history_by_name ON alarm_history(alarm_name, ts);
        """,
        // 3: ground truth.
        """
        CREATE TABLE ground_truth (
            endpoint text NOT NULL,
            event_key text NOT NULL,
            label text NOT NULL,
            received bigint NOT NULL,
            PRIMARY KEY (endpoint, event_key));
        """,
        // 4: change propagation. Every endpoint write gets a new version and the writing node's id (the
        // session's turnout.node), and wakes the other nodes (NOTIFY is delivered at commit).
        """
        CREATE FUNCTION turnout_endpoint_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.version := nextval('endpoint_versions');
            NEW.changed_by := current_setting('turnout.node', true);
            RETURN NEW;
        END $$;
        CREATE TRIGGER endpoints_stamp BEFORE INSERT OR UPDATE ON endpoints
            FOR EACH ROW EXECUTE FUNCTION turnout_endpoint_stamp();
        CREATE FUNCTION turnout_endpoint_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('turnout_changes', OLD.name);
            ELSE
                PERFORM pg_notify('turnout_changes', NEW.name);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER endpoints_notify AFTER INSERT OR UPDATE OR DELETE ON endpoints
            FOR EACH ROW EXECUTE FUNCTION turnout_endpoint_notify();
        """,
        // 5: metric roll-ups, one row per node and period so nodes never write the same row; reads merge them.
        """
        CREATE TABLE metric_series (
            id bigserial PRIMARY KEY,
            key text NOT NULL UNIQUE,
            unit text NOT NULL,
            last_t bigint NOT NULL);
        CREATE TABLE metric_points (
            series bigint NOT NULL,
            res integer NOT NULL,
            t bigint NOT NULL,
            node text NOT NULL,
            count double precision NOT NULL,
            sum double precision NOT NULL,
            min double precision NOT NULL,
            max double precision NOT NULL,
            hist bytea NULL,
            PRIMARY KEY (series, res, t, node));
        CREATE INDEX metric_points_by_age ON metric_points(res, t);
        """,
        // 6: auto scaling, shared so every node sees the same targets, policies and activities. seq keeps
        // SQLite's rowid tie-break: activities started in the same millisecond list newest-inserted first.
        """
        CREATE TABLE scalable_targets (
            namespace text NOT NULL,
            resource_id text NOT NULL,
            dimension text NOT NULL,
            doc text NOT NULL,
            PRIMARY KEY (namespace, resource_id, dimension));
        CREATE TABLE scaling_policies (
            namespace text NOT NULL,
            resource_id text NOT NULL,
            dimension text NOT NULL,
            policy_name text NOT NULL,
            doc text NOT NULL,
            PRIMARY KEY (namespace, resource_id, dimension, policy_name));
        CREATE TABLE scaling_activities (
            activity_id text PRIMARY KEY,
            seq bigserial NOT NULL,
            namespace text NOT NULL,
            resource_id text NOT NULL,
            dimension text NOT NULL,
            started bigint NOT NULL,
            doc text NOT NULL);
        CREATE INDEX scaling_activities_by_resource ON scaling_activities(namespace, resource_id, dimension, started);
        """,
    ];

    public static int LatestVersion => Migrations.Length;

    public static void Migrate(NpgsqlDataSource dataSource)
    {
        using var connection = dataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        Execute(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLockKey})");
        Execute(connection, tx, "CREATE TABLE IF NOT EXISTS turnout_schema (version integer PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
        using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM turnout_schema", connection, tx);
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Migrations.Length)
        {
            throw new InvalidOperationException(
                $"The PostgreSQL database was migrated by a newer Turnout (schema {version}, this build knows {Migrations.Length}). Upgrade every node to the same Turnout version.");
        }

        for (var v = version; v < Migrations.Length; v++)
        {
            Execute(connection, tx, Migrations[v]);
            Execute(connection, tx, $"INSERT INTO turnout_schema(version) VALUES ({v + 1})");
        }

        tx.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, tx);
        command.ExecuteNonQuery();
    }
}
