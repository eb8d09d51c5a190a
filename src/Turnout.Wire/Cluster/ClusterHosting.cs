using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Turnout.Cluster;
using Turnout.Storage.Postgres;
using Turnout.Wire.Auth;
using Turnout.Wire.Hosting;

namespace Turnout.Wire.Cluster;

/// <summary>
/// Turns a node with a shared PostgreSQL store into a cluster member (docs/cluster.md). With SQLite there is
/// one node and every instance is local: nothing is registered and the runtime path is unchanged.
/// </summary>
internal static class ClusterHosting
{
    public static void AddClusterIfShared(IServiceCollection services, ServerOptions options)
    {
        if (!PostgresConnection.IsPostgres(options.Store))
        {
            return;
        }

        var cluster = new ClusterOptions
        {
            ConnectionString = PostgresConnection.Parse(options.Store!).ConnectionString,
            NodeId = options.NodeId,
            NodeUrl = AdvertisedUrl(options),
            Capacity = options.NodeCapacity,
        };
        services.AddTurnoutCluster(cluster, sp => sp.GetRequiredService<Readiness>().IsReady, sp => sp.GetRequiredService<PostgresControlPlaneStore>().DataSource);
        services.AddHostedService<OrphanedWorkService>();
    }

    public static void MapClusterIfShared(WebApplication app, ServerOptions options)
    {
        if (PostgresConnection.IsPostgres(options.Store))
        {
            app.MapCluster();
        }
    }

    /// <summary>--node-url, else the first --urls address if other nodes can dial it as written.</summary>
    private static string AdvertisedUrl(ServerOptions options)
    {
        if (options.NodeUrl is { Length: > 0 } url)
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
                ? url.TrimEnd('/')
                : throw new StartupRefusedException($"--node-url {url} is not an http:// or https:// URL. Give the address the other nodes reach this one at, e.g. --node-url http://10.0.0.11:8080.");
        }

        var first = options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        var host = Uri.TryCreate(first.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var listen) ? listen.Host : "";
        if (host is "" or "0.0.0.0" or "[::]" or "::")
        {
            throw new StartupRefusedException($"--urls {options.Urls} listens on every address, so the other nodes cannot tell which one reaches this node: give --node-url (e.g. --node-url http://10.0.0.11:8080).");
        }

        return first.TrimEnd('/');
    }
}
