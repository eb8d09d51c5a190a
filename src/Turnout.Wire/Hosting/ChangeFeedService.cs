using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.Endpoints;
using Turnout.Storage;

namespace Turnout.Wire.Hosting;

/// <summary>
/// With a shared store, keeps this node's routing in step with endpoints changed through other nodes: a
/// notification wakes it at once, a poll every <see cref="ServerOptions.ChangePollInterval"/> catches any
/// notification lost while reconnecting. Each wake compares every endpoint's version with the one this
/// node last followed; rows last written by this node are its own work and are skipped.
/// </summary>
internal sealed partial class ChangeFeedService(
    IEndpointChangeFeed feed,
    ChangeFeedFollower follower,
    Readiness readiness,
    ServerOptions options,
    ILogger<ChangeFeedService> logger) : BackgroundService
{
    private readonly Channel<string> _wake = Channel.CreateBounded<string>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<string, long> _followed = new(StringComparer.Ordinal);

    /// <summary>How many endpoint changes from other nodes this node has applied (tests and logs).</summary>
    public long Applied { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listening = Task.Run(() => feed.ListenAsync(_ => _wake.Writer.TryWrite(string.Empty), stoppingToken), stoppingToken);

        // Recovery loads the stored endpoints first; following starts from there.
        while (!readiness.IsReady)
        {
            await Task.Delay(50, stoppingToken).ConfigureAwait(false);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                Log.ReconcileFailed(logger, e.Message);
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            poll.CancelAfter(options.ChangePollInterval);
            try
            {
                await _wake.Reader.ReadAsync(poll.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // The poll interval passed without a notification.
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        try
        {
            await listening.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var versions = feed.EndpointVersions();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var v in versions)
        {
            present.Add(v.Name);
            if (_followed.TryGetValue(v.Name, out var seen) && seen == v.Version)
            {
                continue;
            }

            if (v.ChangedBy != feed.NodeId)
            {
                try
                {
                    await follower.SyncAsync(v.Name, cancellationToken).ConfigureAwait(false);
                    Applied++;
                    Log.Followed(logger, v.Name, v.ChangedBy ?? "?", v.Version);
                }
                catch (DeploymentException e)
                {
                    // Retried at the next poll; the endpoint keeps whatever table this node had.
                    Log.FollowFailed(logger, v.Name, e.Message);
                    continue;
                }
            }

            _followed[v.Name] = v.Version;
        }

        foreach (var name in _followed.Keys.Where(n => !present.Contains(n)).ToList())
        {
            follower.Forget(name);
            _followed.Remove(name);
            Applied++;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Endpoint {Endpoint}: followed version {Version} written by node {Node}")]
        public static partial void Followed(ILogger logger, string endpoint, string node, long version);

        [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "Endpoint {Endpoint} changed on another node but cannot be served here: {Reason}")]
        public static partial void FollowFailed(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = 302, Level = LogLevel.Warning, Message = "Could not read endpoint changes from the store: {Reason}; retrying")]
        public static partial void ReconcileFailed(ILogger logger, string reason);
    }
}
