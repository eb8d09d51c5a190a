using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.Alarms;

namespace Turnout.Wire.Hosting;

/// <summary>Evaluates every alarm on a fixed interval, off the request path.</summary>
internal sealed partial class AlarmEvaluationLoop(AlarmService alarms, ServerOptions options, TimeProvider time, ILogger<AlarmEvaluationLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.AlarmEvaluationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var changed = alarms.EvaluateAll();
                if (changed > 0)
                {
                    Log.Evaluated(logger, changed);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Failed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "{Count} alarm(s) changed state")]
        public static partial void Evaluated(ILogger logger, int count);

        [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Alarm evaluation failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
