using Microsoft.Extensions.Hosting;
using Turnout.Runtime.Overload;
using Turnout.Runtime.Routing;
using Turnout.Wire.Runtime;

namespace Turnout.Wire.Hosting;

/// <summary>
/// Runs the invocation watchdog for the server's lifetime (off when --model-timeout is 0), and lets the thread
/// pool grow without its usual injection delay up to one instance's capacity: predictions run inline on pool
/// threads, so a slow or stuck model that holds them must not delay everything else (503s included) while
/// the pool adds threads one by one.
/// </summary>
internal sealed class WatchdogService(RoutingRegistry routes, OverloadOptions options, RuntimeApi runtime) : IHostedService, IDisposable
{
    private InvocationWatchdog? _watchdog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Math.Min(options.InstanceCapacity + Environment.ProcessorCount, 512)), io);
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
