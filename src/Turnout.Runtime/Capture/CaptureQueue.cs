using System.Threading.Channels;

namespace Turnout.Runtime.Capture;

/// <summary>
/// The bounded hand-off between invocations and the capture writer. A full queue (a slow or full disk)
/// drops the capture, never the request; drops are counted so users see them.
/// </summary>
public sealed class CaptureQueue
{
    public const int Capacity = 16_384;

    private readonly Channel<CaptureRecord> _channel = Channel.CreateBounded<CaptureRecord>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.DropWrite,
    });

    private long _enqueued;
    private long _dropped;
    private long _written;
    private long _writeFailures;

    public ChannelReader<CaptureRecord> Reader => _channel.Reader;

    public long Enqueued => Interlocked.Read(ref _enqueued);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Written => Interlocked.Read(ref _written);
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    public void Offer(CaptureRecord record)
    {
        // DropWrite reports success even when it drops, so count against the capacity ourselves.
        if (_channel.Reader.Count >= Capacity || !_channel.Writer.TryWrite(record))
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        Interlocked.Increment(ref _enqueued);
    }

    public void MarkWritten() => Interlocked.Increment(ref _written);

    public void MarkFailed(int count)
    {
        Interlocked.Add(ref _writeFailures, count);
        Interlocked.Add(ref _dropped, count);
    }

    public void Complete() => _channel.Writer.TryComplete();
}
