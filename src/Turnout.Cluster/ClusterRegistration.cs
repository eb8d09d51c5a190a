using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turnout.Cluster.Coordination;
using Turnout.Cluster.Forwarding;
using Turnout.Cluster.Nodes;
using Turnout.Cluster.Placement;
using Turnout.Runtime.Routing;

namespace Turnout.Cluster;

/// <summary>Adds the cluster services; only with a shared PostgreSQL store (a SQLite node keeps every instance local).</summary>
public static class ClusterRegistration
{
    public static IServiceCollection AddTurnoutCluster(this IServiceCollection services, ClusterOptions options, Func<IServiceProvider, bool> endpointsLoaded)
    {
        services.AddSingleton(options);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(options.ConnectionString).Build());
        services.AddSingleton(sp => new NodeRegistry(sp.GetRequiredService<NpgsqlDataSource>(), options));
        services.AddSingleton(sp => new PlacementStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton(new ClusterView(options.NodeId));
        services.AddSingleton(sp => new ClusterService(
            options,
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<NodeRegistry>(),
            sp.GetRequiredService<PlacementStore>(),
            sp.GetRequiredService<ClusterView>(),
            sp.GetRequiredService<RoutingRegistry>(),
            () => endpointsLoaded(sp),
            sp.GetRequiredService<ILogger<ClusterService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterService>());
        services.AddSingleton(sp => new InvocationForwarder(
            sp.GetRequiredService<ClusterView>(),
            options,
            // Pooled keep-alive connections to the other nodes; a short connect timeout finds a dead node fast.
            new HttpClient(new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(2),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
            })
            { Timeout = TimeSpan.FromSeconds(70) },
            sp.GetRequiredService<ILogger<InvocationForwarder>>()));
        return services;
    }
}
