using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.Metrics;

namespace Turnout.Wire.CloudWatch;

/// <summary>
/// Drives the metrics hub off the hot path: once a second it harvests closed minutes, samples CPU/memory and,
/// when due, flushes to metrics.db and applies retention. On shutdown it flushes everything, the open
/// minute included, so a graceful restart loses nothing.
/// </summary>
internal sealed partial class MetricsMaintenanceService(MetricsHub hub, ILogger<MetricsMaintenanceService> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            hub.Flush(includeOpenMinute: true);
            var storage = hub.GetStorageInfo();
            Log.Flushed(logger, storage.SizeBytes, storage.Series);
        }
        catch (ObjectDisposedException)
        {
            // The container already disposed the hub, which flushes on dispose.
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, hub.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    hub.Maintain();
                }
                catch (ObjectDisposedException)
                {
                    // The host is shutting down and disposed the hub, which flushed on the way out.
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failing disk must not stop recording; the next tick retries what is still pending.
                    Log.MaintenanceFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutdown.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 500, Level = LogLevel.Warning, Message = "Metrics maintenance failed; will retry")]
        public static partial void MaintenanceFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 501, Level = LogLevel.Information, Message = "Metrics flushed: store is {Bytes} bytes, {Series} series")]
        public static partial void Flushed(ILogger logger, long bytes, int series);
    }
}
