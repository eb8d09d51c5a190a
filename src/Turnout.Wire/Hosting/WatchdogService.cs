using Microsoft.Extensions.Hosting;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Wire.Runtime;

namespace Turnout.Wire.Hosting;

/// <summary>Runs the invocation watchdog for the server's lifetime (off when --model-timeout is 0).</summary>
internal sealed class WatchdogService(RoutingRegistry routes, OverloadOptions options, RuntimeApi runtime) : IHostedService, IDisposable
{
    private InvocationWatchdog? _watchdog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.ModelTimeout > TimeSpan.Zero)
        {
            _watchdog = new InvocationWatchdog(routes, options.ModelTimeout, runtime.AnswerTimedOutAsync);
            _watchdog.Start();
        }

        return Task.CompletedTask;
    }

    // Keeps watching while the host drains in-flight requests; stops only when the host is disposed.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _watchdog?.Dispose();
}
