using Turnout.Metrics.Series;

namespace Turnout.Metrics.Storage;

/// <summary>A series row: its id, unit and the latest period it has data for (Unix seconds).</summary>
internal sealed record StoredSeries(long Id, SeriesKey Key, string Unit, long LastTime);
