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
    /// <param name="dataSource">The store's pool, shared for heartbeats and plan reads (the lease opens its own session).</param>
    public static IServiceCollection AddTurnoutCluster(this IServiceCollection services, ClusterOptions options, Func<IServiceProvider, bool> endpointsLoaded, Func<IServiceProvider, NpgsqlDataSource> dataSource)
    {
        services.AddSingleton(options);
        // Not registered as a service: the store owns the pool and disposes it after its last flush.
        services.AddSingleton(sp => new NodeRegistry(dataSource(sp), options));
        services.AddSingleton(sp => new PlacementStore(dataSource(sp)));
        services.AddSingleton(new ClusterView(options.NodeId));
        services.AddSingleton(sp => new ClusterService(
            options,
            dataSource(sp),
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
