using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Turnout.Cluster.Coordination;
using Turnout.Cluster.Nodes;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Endpoints;
using Turnout.Storage;
using Turnout.Wire.Hosting;

namespace Turnout.Wire.Cluster;

/// <summary>
/// The coordinator's share of recovery on a shared store: an endpoint left Creating, Updating, RollingBack
/// or Deleting by a node that is no longer healthy (no heartbeat within the node timeout) is taken over
/// here, exactly as a single node recovers its own after a restart (an interrupted blue/green update is
/// finished or rolled back, the endpoint ends InService or Failed). Work of live nodes is never touched.
/// </summary>
internal sealed partial class OrphanedWorkService(
    ClusterService cluster,
    NodeRegistry registry,
    IEndpointChangeFeed feed,
    IControlPlaneStore store,
    EndpointsApi endpoints,
    Readiness readiness,
    ILogger<OrphanedWorkService> logger) : BackgroundService
{
    // Orphans are found only after the node timeout (3 s) anyway; a scan is two small queries.
    private static readonly TimeSpan ScanInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ScanInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (!readiness.IsReady || !cluster.IsCoordinator)
                {
                    continue;
                }

                try
                {
                    await ScanAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    Log.ScanFailed(logger, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        // Healthy nodes are read before the rows: a node that wrote a row after this read is healthy too.
        var healthy = (await registry.HealthyAsync(cancellationToken).ConfigureAwait(false)).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
        healthy.Add(feed.NodeId);
        foreach (var version in feed.EndpointVersions())
        {
            if (version.ChangedBy is { } owner && healthy.Contains(owner))
            {
                continue;
            }

            if (store.GetEndpoint(version.Name) is { Status: EndpointStatus.Creating or EndpointStatus.Updating or EndpointStatus.RollingBack or EndpointStatus.Deleting } record
                && endpoints.Recover(record))
            {
                Log.TakingOver(logger, record.Name, record.Status, version.ChangedBy ?? "?");
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Cluster: endpoint {Endpoint} was left {Status} by node {Node}, which is gone; the coordinator takes it over")]
        public static partial void TakingOver(ILogger logger, string endpoint, string status, string node);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Cluster: could not look for interrupted endpoint work: {Reason}")]
        public static partial void ScanFailed(ILogger logger, string reason);
    }
}
