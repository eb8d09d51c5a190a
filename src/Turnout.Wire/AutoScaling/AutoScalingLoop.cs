using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Turnout.ControlPlane.AutoScaling;

namespace Turnout.Wire.AutoScaling;

/// <summary>Evaluates every scaling policy each <c>--autoscaling-interval</c>, off the request path.</summary>
internal sealed partial class AutoScalingLoop(ScalingEvaluator evaluator, IScalingLeader leader, AutoScalingOptions options, TimeProvider time, ILogger<AutoScalingLoop> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!leader.IsLeader)
            {
                continue;
            }

            try
            {
                await evaluator.EvaluateAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.Failed(logger, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 711, Level = LogLevel.Error, Message = "Auto scaling evaluation failed")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
