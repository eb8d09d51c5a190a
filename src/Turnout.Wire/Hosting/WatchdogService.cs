using Microsoft.Extensions.Hosting;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Wire.Runtime;

namespace Turnout.Wire.Hosting;

/// <summary>
/// Runs the invocation watchdog for the server's lifetime (off when --model-timeout is 0), and adds this
/// server's slow invocations to the thread pool's floor (<see cref="PoolFloor"/>): predictions run inline on
/// pool threads, so a slow or stuck model that holds them must not delay everything else (503s included)
/// while the pool adds threads one by one.
/// </summary>
internal sealed class WatchdogService(RoutingRegistry routes, OverloadOptions options, RuntimeApi runtime) : IHostedService, IDisposable
{
    private InvocationWatchdog? _watchdog;
    private IDisposable? _floor;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _floor = PoolFloor.Process.Register((now, slowTicks) => HeldThreads.Count(routes, now, slowTicks));
        if (options.ModelTimeout > TimeSpan.Zero)
        {
            _watchdog = new InvocationWatchdog(routes, options.ModelTimeout, runtime.AnswerTimedOutAsync);
            _watchdog.Start();
        }

        return Task.CompletedTask;
    }

    // Keeps watching while the host drains in-flight requests; stops only when the host is disposed.
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _watchdog?.Dispose();
        _floor?.Dispose();
    }
}
