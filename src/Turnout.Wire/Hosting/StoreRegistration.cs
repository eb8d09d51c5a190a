using Microsoft.Extensions.DependencyInjection;
using Turnout.Metrics;
using Turnout.Storage;
using Turnout.Storage.Postgres;
using Turnout.Storage.Sqlite;
using Turnout.Wire.Auth;

namespace Turnout.Wire.Hosting;

/// <summary>Chooses the store: SQLite files in the data directory (one node), or PostgreSQL shared by a cluster (<c>--store</c>).</summary>
internal static class StoreRegistration
{
    public static IServiceCollection AddTurnoutStore(this IServiceCollection services, ServerOptions options, string dataDirectory)
    {
        if (options.Store is null)
        {
            services.AddSingleton(_ => new SqliteControlPlaneStore(Path.Combine(dataDirectory, "turnout.db")));
            services.AddSingleton<IControlPlaneStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
            services.AddSingleton<IAlarmStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
            services.AddSingleton<IGroundTruthStore>(sp => sp.GetRequiredService<SqliteControlPlaneStore>());
            // Metrics live in their own SQLite file beside turnout.db; the maintenance service flushes them (issue 5).
            services.AddSingleton(new MetricsOptions { DatabasePath = Path.Combine(dataDirectory, "metrics.db") });
            return services;
        }

        // Connect and migrate now: a node must not start on a database it cannot use.
        PostgresControlPlaneStore store;
        try
        {
            store = new PostgresControlPlaneStore(options.Store, options.NodeId);
        }
        catch (FormatException e)
        {
            throw new StartupRefusedException(e.Message, e);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or ArgumentException)
        {
            throw new StartupRefusedException(
                $"--store {SafeDescribe(options.Store)}: could not connect to and migrate the PostgreSQL database: {e.Message}. Check that the server is running, the database exists and the user may create tables in it.", e);
        }

        // A factory registration so the container disposes the connection pool; the metrics hub resolves the
        // store first, so it is disposed (and flushes its last minute) while the pool is still open.
        services.AddSingleton(_ => store);
        services.AddSingleton<IControlPlaneStore>(sp => sp.GetRequiredService<PostgresControlPlaneStore>());
        services.AddSingleton<IAlarmStore>(sp => sp.GetRequiredService<PostgresControlPlaneStore>());
        services.AddSingleton<IGroundTruthStore>(sp => sp.GetRequiredService<PostgresControlPlaneStore>());
        services.AddSingleton<IEndpointChangeFeed>(sp => sp.GetRequiredService<PostgresControlPlaneStore>());
        // Registered before AddAutoScaling, whose SQLite default is only a TryAdd.
        services.AddSingleton(sp => sp.GetRequiredService<PostgresControlPlaneStore>().ScalingStore());
        services.AddSingleton(sp => new MetricsOptions { Store = sp.GetRequiredService<PostgresControlPlaneStore>().MetricStore() });
        services.AddSingleton<ChangeFeedFollower>();
        services.AddSingleton<ChangeFeedService>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedService>());
        return services;
    }

    private static string SafeDescribe(string store)
    {
        try
        {
            return PostgresConnection.Describe(store);
        }
        catch (FormatException)
        {
            return "(unparsable)";
        }
    }
}
