using Turnout.Metrics.Series;

namespace Turnout.Metrics.Storage;

/// <summary>
/// Where the hub keeps its roll-ups. SQLite (one file per node) is the default; a shared store (PostgreSQL)
/// tags each node's rows with the node id and merges them on read, so counts add and histograms merge.
/// Called only under the hub's lock.
/// </summary>
internal interface IMetricStore : IDisposable
{
    /// <summary>A description of where the data is (a file path, or a server without its password); null for memory.</summary>
    string? Path { get; }

    /// <summary>Other nodes write here too: unknown series are looked up, and the series list is refreshed.</summary>
    bool Shared { get; }

    long SizeBytes { get; }

    List<StoredSeries> LoadSeries();

    /// <summary>The stored series with this key, if any node created it.</summary>
    StoredSeries? FindSeries(SeriesKey key);

    long AddSeries(SeriesKey key, string unit, long lastTime);

    /// <summary>Merges each point into this node's stored row (so partial minutes and late data add up) in one transaction.</summary>
    void Write(IEnumerable<StoredPoint> points, IEnumerable<StoredSeries> touchedSeries);

    /// <summary>One aggregate per period with from &lt;= t &lt; to, ascending, merged over every node.</summary>
    List<(long Time, Aggregate Value)> Read(long seriesId, int resolution, long from, long to);

    int DeleteBefore(int resolution, long time);

    long? OldestTime(int resolution);

    long CountPoints(int resolution);

    void ReleaseFreePages();
}
