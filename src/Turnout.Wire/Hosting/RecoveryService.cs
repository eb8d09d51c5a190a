using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane;

namespace Turnout.Wire.Hosting;

/// <summary>At start, redeploys every stored endpoint from the store, then marks the server ready.</summary>
internal sealed partial class RecoveryService(EndpointsApi endpoints, Readiness readiness, ILogger<RecoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await endpoints.RecoverAsync(stoppingToken).ConfigureAwait(false);
        readiness.MarkReady();
        Log.Ready(logger);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Turnout is ready")]
        public static partial void Ready(ILogger logger);
    }
}
