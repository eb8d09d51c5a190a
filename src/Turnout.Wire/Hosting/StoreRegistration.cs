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

        services.AddSingleton(store);
        services.AddSingleton<IControlPlaneStore>(store);
        services.AddSingleton<IAlarmStore>(store);
        services.AddSingleton<IGroundTruthStore>(store);
        services.AddSingleton<IEndpointChangeFeed>(store);
        services.AddSingleton(new MetricsOptions { Store = store.MetricStore() });
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
