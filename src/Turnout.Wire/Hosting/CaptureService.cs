using Microsoft.Extensions.Hosting;
using Turnout.Runtime.Capture;

namespace Turnout.Wire.Hosting;

/// <summary>Runs the capture writer for the life of the server; on shutdown it drains what was queued.</summary>
internal sealed class CaptureService(CaptureFileWriter writer, CaptureQueue queue) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _running = Task.Run(() => writer.RunAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        _stopping.Dispose();
    }
}
