using Microsoft.Data.Sqlite;
using Turnout.Metrics.Series;

namespace Turnout.Metrics.Storage;

/// <summary>
/// The metrics database, separate from the control-plane store: one row per series and one per
/// (series, resolution, period start) aggregate with its histogram. One connection, used under the hub's
/// lock; WAL and synchronous=NORMAL because a lost last flush costs seconds of metrics, not correctness.
/// </summary>
internal sealed class SqliteMetricStore : IMetricStore
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS series(
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            unit TEXT NOT NULL,
            last_t INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS points(
            series INTEGER NOT NULL,
            res INTEGER NOT NULL,
            t INTEGER NOT NULL,
            count REAL NOT NULL,
            sum REAL NOT NULL,
            min REAL NOT NULL,
            max REAL NOT NULL,
            hist BLOB,
            PRIMARY KEY(series, res, t)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS points_by_age ON points(res, t);
        """;

    private readonly SqliteConnection _db;

    public SqliteMetricStore(string? path)
    {
        _db = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path ?? ":memory:",
            Mode = path is null ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        _db.Open();

        // auto_vacuum only takes effect before the first table exists; it lets trimming give space back.
        Execute("PRAGMA auto_vacuum=INCREMENTAL;");
        if (path is not null)
        {
            Execute("PRAGMA journal_mode=WAL;");
        }

        Execute("PRAGMA synchronous=NORMAL;");
        Execute(Schema);
        Path = path;
    }

    public string? Path { get; }

    public bool Shared => false;

    /// <summary>Database size in bytes (pages in use plus the WAL file).</summary>
    public long SizeBytes
    {
        get
        {
            var pages = Scalar("PRAGMA page_count;") - Scalar("PRAGMA freelist_count;");
            var size = pages * Scalar("PRAGMA page_size;");
            var wal = Path is null ? null : new FileInfo(Path + "-wal");
            return size + (wal is { Exists: true } ? wal.Length : 0);
        }
    }

    public List<StoredSeries> LoadSeries()
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT id, key, unit, last_t FROM series ORDER BY id";
        using var reader = command.ExecuteReader();
        var result = new List<StoredSeries>();
        while (reader.Read())
        {
            result.Add(new StoredSeries(reader.GetInt64(0), SeriesKey.Parse(reader.GetString(1)), reader.GetString(2), reader.GetInt64(3)));
        }

        return result;
    }

    public StoredSeries? FindSeries(SeriesKey key)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT id, unit, last_t FROM series WHERE key = $k";
        command.Parameters.AddWithValue("$k", key.Canonical);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredSeries(reader.GetInt64(0), key, reader.GetString(1), reader.GetInt64(2)) : null;
    }

    public long AddSeries(SeriesKey key, string unit, long lastTime)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "INSERT INTO series(key, unit, last_t) VALUES ($k, $u, $t) RETURNING id";
        command.Parameters.AddWithValue("$k", key.Canonical);
        command.Parameters.AddWithValue("$u", unit);
        command.Parameters.AddWithValue("$t", lastTime);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Merges each point into its stored row (so partial minutes and late data add up) in one transaction.</summary>
    public void Write(IEnumerable<StoredPoint> points, IEnumerable<StoredSeries> touchedSeries)
    {
        using var transaction = _db.BeginTransaction();
        using var select = _db.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT count, sum, min, max, hist FROM points WHERE series = $s AND res = $r AND t = $t";
        var sId = select.Parameters.Add("$s", SqliteType.Integer);
        var sRes = select.Parameters.Add("$r", SqliteType.Integer);
        var sT = select.Parameters.Add("$t", SqliteType.Integer);

        using var upsert = _db.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = "INSERT OR REPLACE INTO points(series, res, t, count, sum, min, max, hist) VALUES ($s, $r, $t, $c, $sum, $min, $max, $h)";
        var uId = upsert.Parameters.Add("$s", SqliteType.Integer);
        var uRes = upsert.Parameters.Add("$r", SqliteType.Integer);
        var uT = upsert.Parameters.Add("$t", SqliteType.Integer);
        var uCount = upsert.Parameters.Add("$c", SqliteType.Real);
        var uSum = upsert.Parameters.Add("$sum", SqliteType.Real);
        var uMin = upsert.Parameters.Add("$min", SqliteType.Real);
        var uMax = upsert.Parameters.Add("$max", SqliteType.Real);
        var uHist = upsert.Parameters.Add("$h", SqliteType.Blob);

        foreach (var point in points)
        {
            sId.Value = point.SeriesId;
            sRes.Value = point.Resolution;
            sT.Value = point.Time;
            Aggregate? existing = null;
            using (var reader = select.ExecuteReader())
            {
                if (reader.Read())
                {
                    existing = ReadAggregate(reader, 0);
                }
            }

            var merged = Aggregate.Merge(existing, point.Value);
            uId.Value = point.SeriesId;
            uRes.Value = point.Resolution;
            uT.Value = point.Time;
            uCount.Value = merged.Count;
            uSum.Value = merged.Sum;
            uMin.Value = merged.Min;
            uMax.Value = merged.Max;
            uHist.Value = merged.Histogram is null ? DBNull.Value : HistogramCodec.Encode(merged.Histogram);
            upsert.ExecuteNonQuery();
        }

        using var touch = _db.CreateCommand();
        touch.Transaction = transaction;
        touch.CommandText = "UPDATE series SET unit = $u, last_t = max(last_t, $t) WHERE id = $s";
        var tUnit = touch.Parameters.Add("$u", SqliteType.Text);
        var tT = touch.Parameters.Add("$t", SqliteType.Integer);
        var tId = touch.Parameters.Add("$s", SqliteType.Integer);
        foreach (var s in touchedSeries)
        {
            tUnit.Value = s.Unit;
            tT.Value = s.LastTime;
            tId.Value = s.Id;
            touch.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Rows of one series at one resolution with from &lt;= t &lt; to, ascending.</summary>
    public List<(long Time, Aggregate Value)> Read(long seriesId, int resolution, long from, long to)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT t, count, sum, min, max, hist FROM points WHERE series = $s AND res = $r AND t >= $from AND t < $to ORDER BY t";
        command.Parameters.AddWithValue("$s", seriesId);
        command.Parameters.AddWithValue("$r", resolution);
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        using var reader = command.ExecuteReader();
        var result = new List<(long, Aggregate)>();
        while (reader.Read())
        {
            result.Add((reader.GetInt64(0), ReadAggregate(reader, 1)));
        }

        return result;
    }

    public int DeleteBefore(int resolution, long time)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "DELETE FROM points WHERE res = $r AND t < $t";
        command.Parameters.AddWithValue("$r", resolution);
        command.Parameters.AddWithValue("$t", time);
        return command.ExecuteNonQuery();
    }

    /// <summary>The start of the oldest stored period at a resolution, if any.</summary>
    public long? OldestTime(int resolution)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT min(t) FROM points WHERE res = $r";
        command.Parameters.AddWithValue("$r", resolution);
        return command.ExecuteScalar() is long t ? t : null;
    }

    public long CountPoints(int resolution)
    {
        using var command = _db.CreateCommand();
        command.CommandText = "SELECT count(*) FROM points WHERE res = $r";
        command.Parameters.AddWithValue("$r", resolution);
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>Returns freed pages to the file system after deletes.</summary>
    public void ReleaseFreePages()
    {
        Execute("PRAGMA incremental_vacuum;");
        if (Path is not null)
        {
            Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    public void Dispose() => _db.Dispose();

    private static Aggregate ReadAggregate(SqliteDataReader reader, int first) => new(
        reader.GetDouble(first),
        reader.GetDouble(first + 1),
        reader.GetDouble(first + 2),
        reader.GetDouble(first + 3),
        reader.IsDBNull(first + 4) ? null : HistogramCodec.Decode((byte[])reader.GetValue(first + 4)));

    private void Execute(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var command = _db.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
