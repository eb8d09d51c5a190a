namespace Turnout.Metrics.Storage;

/// <summary>One stored aggregate: a series' period starting at <see cref="Time"/> (Unix seconds) at a resolution.</summary>
internal readonly record struct StoredPoint(long SeriesId, int Resolution, long Time, Aggregate Value);
