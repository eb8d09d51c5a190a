namespace Turnout.Runtime.Capture;

/// <summary>One captured invocation, copied off the request so the hot path can return its buffers at once.</summary>
public sealed record CaptureRecord(
    VariantCapture Variant,
    DateTimeOffset Time,
    string? InferenceId,
    CapturedBytes? Input,
    string? InputContentType,
    CapturedBytes? Output,
    string? OutputContentType)
{
    /// <summary>Payload bytes held, for the queue's byte bound.</summary>
    public long Size => (Input?.Length ?? 0) + (Output?.Length ?? 0) + 1;

    /// <summary>Returns the payload buffers to the pool once the record is written or dropped.</summary>
    public void Release()
    {
        Input?.Return();
        Output?.Return();
    }
}
