using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;
using Turnout.ControlPlane.Endpoints;
using Turnout.Storage;

namespace Turnout.Wire.Hosting;

/// <summary>
/// At start, brings the stored endpoints back, then marks the server ready. On its own store (SQLite) a node
/// redeploys every endpoint and resolves interrupted transitions. On a shared store the other nodes may be
/// running those transitions, so a joining node only loads InService endpoints into its routing, read-only,
/// as the change feed does; interrupted work of a dead node is taken over by the coordinator
/// (<see cref="Cluster.OrphanedWorkService"/>). The one exception is work last written under this node's own
/// id: node ids are unique among running nodes, so it was left by this node's previous run.
/// </summary>
internal sealed partial class RecoveryService(
    EndpointsApi endpoints,
    IControlPlaneStore store,
    Readiness readiness,
    ILogger<RecoveryService> logger,
    IEndpointChangeFeed? feed = null,
    ChangeFeedFollower? follower = null) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feed is null || follower is null)
        {
            await endpoints.RecoverAsync(stoppingToken).ConfigureAwait(false);
        }
        else
        {
            await LoadSharedAsync(feed, follower, stoppingToken).ConfigureAwait(false);
        }

        readiness.MarkReady();
        Log.Ready(logger);
    }

    private async Task LoadSharedAsync(IEndpointChangeFeed changes, ChangeFeedFollower loader, CancellationToken stoppingToken)
    {
        var writers = changes.EndpointVersions().ToDictionary(v => v.Name, v => v.ChangedBy, StringComparer.Ordinal);
        foreach (var record in store.ListEndpoints())
        {
            if (record.Status == EndpointStatus.InService)
            {
                try
                {
                    await loader.SyncAsync(record.Name, stoppingToken).ConfigureAwait(false);
                }
                catch (DeploymentException e)
                {
                    // The change feed retries it at its next poll.
                    Log.LoadFailed(logger, record.Name, e.Message);
                }
            }
            else if (record.Status != EndpointStatus.Failed && writers.GetValueOrDefault(record.Name) == changes.NodeId)
            {
                Log.ResumingOwn(logger, record.Name, record.Status);
                endpoints.Recover(record);
            }
        }

        await endpoints.WhenIdleAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Turnout is ready")]
        public static partial void Ready(ILogger logger);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} cannot be served on this node yet: {Reason}")]
        public static partial void LoadFailed(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Endpoint {Endpoint} was left {Status} by this node's previous run; resuming it")]
        public static partial void ResumingOwn(ILogger logger, string endpoint, string status);
    }
}
