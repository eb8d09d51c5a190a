namespace Turnout.Runtime.Capture;

/// <summary>One captured invocation, copied off the request so the hot path can return its buffers at once.</summary>
public sealed record CaptureRecord(
    VariantCapture Variant,
    DateTimeOffset Time,
    string? InferenceId,
    byte[]? Input,
    string? InputContentType,
    byte[]? Output,
    string? OutputContentType);
