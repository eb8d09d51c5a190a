namespace Turnout.Metrics;

/// <summary>What the metrics store holds: its size against the bound, and stored points per resolution.</summary>
public sealed record MetricsStorageInfo(
    string? Path,
    long SizeBytes,
    long MaxBytes,
    int PendingPoints,
    int Series,
    IReadOnlyDictionary<int, long> PointsByResolution);
