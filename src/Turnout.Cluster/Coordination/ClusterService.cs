using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turnout.Cluster.Nodes;
using Turnout.Cluster.Placement;
using Turnout.Runtime.Routing;

namespace Turnout.Cluster.Coordination;

/// <summary>
/// This node's part in the cluster: heartbeats into the node registry, competes for the coordinator lease,
/// re-plans placement while it holds the lease (only once this node has loaded the stored endpoints, so a
/// starting node never publishes an empty plan), and refreshes its own view of the plan.
/// </summary>
public sealed partial class ClusterService(
    ClusterOptions options,
    NpgsqlDataSource dataSource,
    NodeRegistry registry,
    PlacementStore placements,
    ClusterView view,
    RoutingRegistry routes,
    Func<bool> endpointsLoaded,
    ILogger<ClusterService> logger) : BackgroundService
{
    private CoordinatorLease? _lease;

    public bool IsCoordinator => _lease?.IsHeld == true;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Join before serving, so the first plan after start already counts this node.
        await ClusterSchema.EnsureAsync(dataSource, cancellationToken).ConfigureAwait(false);
        await registry.HeartbeatAsync(cancellationToken).ConfigureAwait(false);
        Log.Joined(logger, options.NodeId, options.NodeUrl, options.Capacity);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_lease is not null)
        {
            await _lease.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await registry.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException)
        {
            Log.LeaveFailed(logger, e.Message);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(HeartbeatLoopAsync(stoppingToken), PlacementLoopAsync(stoppingToken));

    private async Task HeartbeatLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HeartbeatInterval);
        var beats = 0;
        while (await Tick(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await registry.HeartbeatAsync(stoppingToken).ConfigureAwait(false);
                if (++beats % 600 == 0)
                {
                    await registry.PruneAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.HeartbeatFailed(logger, e.Message);
            }
        }
    }

    private async Task PlacementLoopAsync(CancellationToken stoppingToken)
    {
        // The lease's session must be its own: a pooled connection would keep the lock after "closing".
        // Built from the options, not dataSource.ConnectionString, which leaves the password out.
        var leaseSource = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(options.ConnectionString) { Pooling = false, KeepAlive = 1 }.ConnectionString).Build();
        await using var _ = leaseSource.ConfigureAwait(false);
        _lease = new CoordinatorLease(leaseSource, ClusterSchema.CoordinatorLockKey);
        using var timer = new PeriodicTimer(options.PlacementInterval);
        var wasCoordinator = false;
        while (await Tick(timer, stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var (plan, coordinator, version) = await placements.ReadAsync(stoppingToken).ConfigureAwait(false);
                var healthy = await registry.HealthyAsync(stoppingToken).ConfigureAwait(false);
                if (endpointsLoaded() && await _lease.TryAcquireAsync(stoppingToken).ConfigureAwait(false))
                {
                    var takeover = !wasCoordinator;
                    wasCoordinator = true;
                    var next = PlacementPlanner.Plan(healthy, Demands(), plan);
                    if (takeover || !next.SameAs(plan))
                    {
                        await PlacementStore.WriteAsync(_lease.Connection!, options.NodeId, next, takeover, stoppingToken).ConfigureAwait(false);
                        if (takeover)
                        {
                            Log.BecameCoordinator(logger, options.NodeId, healthy.Count);
                        }

                        Log.Replanned(logger, next.Instances.Count, healthy.Count, string.Join(", ", healthy.Select(n => $"{n.Id}={next.Load(n.Id)}/{n.Capacity}")));
                        (plan, coordinator, version) = (next, options.NodeId, version + 1);
                    }
                }
                else if (wasCoordinator)
                {
                    wasCoordinator = false;
                    Log.LostCoordinator(logger, options.NodeId);
                }

                view.Publish(plan, healthy, coordinator, version);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                Log.PlacementFailed(logger, e.Message);
            }
        }
    }

    /// <summary>Every serving variant and its instance count; during a deployment a name in both fleets counts its larger fleet.</summary>
    private List<VariantDemand> Demands()
    {
        var demands = new Dictionary<(string, string), int>();
        foreach (var table in routes.Tables)
        {
            foreach (var variant in table.Serving)
            {
                var key = (table.EndpointName, variant.Name);
                demands[key] = Math.Max(demands.GetValueOrDefault(key), variant.Instances.Length);
            }
        }

        return [.. demands.Select(d => new VariantDemand(d.Key.Item1, d.Key.Item2, d.Value))];
    }

    private static async Task<bool> Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Cluster: node {Node} joined as {Url} with capacity {Capacity}")]
        public static partial void Joined(ILogger logger, string node, string url, int capacity);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Cluster: node {Node} is the coordinator ({Nodes} healthy nodes)")]
        public static partial void BecameCoordinator(ILogger logger, string node, int nodes);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Cluster: node {Node} lost the coordinator lease")]
        public static partial void LostCoordinator(ILogger logger, string node);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Cluster: placed {Variants} variants over {Nodes} nodes (instances/capacity: {Loads})")]
        public static partial void Replanned(ILogger logger, int variants, int nodes, string loads);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Cluster: heartbeat failed: {Reason}")]
        public static partial void HeartbeatFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Cluster: placement round failed: {Reason}")]
        public static partial void PlacementFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Cluster: could not leave the node registry: {Reason}")]
        public static partial void LeaveFailed(ILogger logger, string reason);
    }
}
