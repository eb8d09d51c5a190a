namespace Turnout.Runtime.Capture;

/// <summary>One captured invocation read back from the capture files: who answered, when, and what.</summary>
public sealed record CapturedPrediction(string VariantName, string EventId, string? InferenceId, DateTimeOffset Time, IReadOnlyList<double> Prediction);
