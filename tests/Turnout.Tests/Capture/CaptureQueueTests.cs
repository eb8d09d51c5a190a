using Turnout.Runtime.Capture;

namespace Turnout.Tests.Capture;

public sealed class CaptureQueueTests
{
    private static readonly VariantCapture Variant = new("e", "v", 1, true, true, ["text/csv"], ["application/json"], Path.GetTempPath(), new CaptureQueue());

    private static CaptureRecord Record() => new(Variant, DateTimeOffset.UnixEpoch, null, CapturedBytes.Copy([1]), "text/csv", CapturedBytes.Copy([2]), "text/csv");

    [Fact]
    public async Task Records_OfferedWithinTheWindow_AreDrainedTogether()
    {
        var queue = new CaptureQueue();
        var waiting = queue.WaitToDrainAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        for (var i = 0; i < 100; i++)
        {
            queue.Offer(Record());
        }

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        var read = 0;
        while (queue.TryRead(out _))
        {
            read++;
        }

        Assert.Equal(100, read);
        Assert.Equal(100, queue.Enqueued);
        Assert.Equal(0, queue.Dropped);
    }

    [Fact]
    public async Task Records_QueuedBeforeTheWriterWaits_StillGetTheWholeWindow()
    {
        // The writer is busy writing when the next record arrives: its wake-up signal is already counted. The
        // next wait must still gather for the window instead of returning at once for that one record.
        var queue = new CaptureQueue();
        queue.Offer(Record());
        var waiting = queue.WaitToDrainAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(queue.TryRead(out _));
    }

    [Fact]
    public void Full_DropsAndCounts_NeverBlocks()
    {
        var queue = new CaptureQueue();
        for (var i = 0; i < CaptureQueue.Capacity + 10; i++)
        {
            queue.Offer(Record());
        }

        Assert.Equal(CaptureQueue.Capacity, queue.Enqueued);
        Assert.Equal(10, queue.Dropped);
        Assert.True(queue.TryRead(out _));
        queue.Offer(Record());
        Assert.Equal(CaptureQueue.Capacity + 1, queue.Enqueued);
    }

    [Fact]
    public void LargePayloads_AreBoundedInBytes_NotOnlyInRecords()
    {
        var queue = new CaptureQueue();
        var megabyte = new byte[1 << 20];
        var fits = (int)(CaptureQueue.MaxPendingBytes / (megabyte.Length + 2));
        for (var i = 0; i < fits + 5; i++)
        {
            queue.Offer(new CaptureRecord(Variant, DateTimeOffset.UnixEpoch, null, new CapturedBytes(megabyte, megabyte.Length), "text/csv", new CapturedBytes(new byte[1], 1), "text/csv"));
        }

        Assert.Equal(fits, queue.Enqueued);
        Assert.Equal(5, queue.Dropped);

        // Reading frees the bytes for new captures.
        Assert.True(queue.TryRead(out _));
        queue.Offer(new CaptureRecord(Variant, DateTimeOffset.UnixEpoch, null, new CapturedBytes(megabyte, megabyte.Length), "text/csv", new CapturedBytes(new byte[1], 1), "text/csv"));
        Assert.Equal(fits + 1, queue.Enqueued);
    }

    [Fact]
    public async Task Completed_WakesTheWriter_AndRefusesMore()
    {
        var queue = new CaptureQueue();
        var waiting = queue.WaitToDrainAsync(CancellationToken.None);
        queue.Complete();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(queue.IsCompleted);
        Assert.False(queue.Offer(Record()));
        Assert.Equal(0, queue.Enqueued);
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public async Task Cancelled_WaitThrows()
    {
        var queue = new CaptureQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.WaitToDrainAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
