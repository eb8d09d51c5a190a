using Npgsql;
using NpgsqlTypes;
using Turnout.Metrics;
using Turnout.Metrics.Series;
using Turnout.Metrics.Storage;

namespace Turnout.Storage.Postgres;

/// <summary>
/// Metric roll-ups shared by every node: series are one row per key for the whole cluster; points are one
/// row per (series, resolution, period, node), written only by their node, so a node's read-merge-write never
/// races another's. Reads merge the nodes' rows: counts and sums add, min/max combine, histograms merge.
/// </summary>
internal sealed class PostgresMetricStore(NpgsqlDataSource db, string nodeId, string description) : IMetricStore
{
    public string? Path => description;

    public bool Shared => true;

    public long SizeBytes => Scalar("SELECT pg_total_relation_size('metric_points') + pg_total_relation_size('metric_series')") ?? 0;

    public List<StoredSeries> LoadSeries()
    {
        using var command = db.CreateCommand("SELECT id, key, unit, last_t FROM metric_series ORDER BY id");
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
        using var command = db.CreateCommand("SELECT id, unit, last_t FROM metric_series WHERE key = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = key.Canonical });
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredSeries(reader.GetInt64(0), key, reader.GetString(1), reader.GetInt64(2)) : null;
    }

    public long AddSeries(SeriesKey key, string unit, long lastTime)
    {
        // Another node may have created it a moment ago: then this returns its id.
        using var command = db.CreateCommand("""
            INSERT INTO metric_series(key, unit, last_t) VALUES ($1, $2, $3)
            ON CONFLICT (key) DO UPDATE SET last_t = greatest(metric_series.last_t, excluded.last_t)
            RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key.Canonical });
        command.Parameters.Add(new NpgsqlParameter { Value = unit });
        command.Parameters.Add(new NpgsqlParameter { Value = lastTime });
        return (long)command.ExecuteScalar()!;
    }

    public void Write(IEnumerable<StoredPoint> points, IEnumerable<StoredSeries> touchedSeries)
    {
        var batch = points.ToList();
        using var connection = db.OpenConnection();
        using var tx = connection.BeginTransaction();

        // This node's existing rows for these slots, in one round trip.
        var existing = new Dictionary<(long, int, long), Aggregate>();
        if (batch.Count > 0)
        {
            using var select = new NpgsqlCommand("""
                SELECT p.series, p.res, p.t, p.count, p.sum, p.min, p.max, p.hist
                FROM metric_points p JOIN unnest($1::bigint[], $2::integer[], $3::bigint[]) AS u(series, res, t)
                  ON p.series = u.series AND p.res = u.res AND p.t = u.t
                WHERE p.node = $4
                """, connection, tx);
            select.Parameters.Add(new NpgsqlParameter { Value = batch.Select(p => p.SeriesId).ToArray() });
            select.Parameters.Add(new NpgsqlParameter { Value = batch.Select(p => p.Resolution).ToArray() });
            select.Parameters.Add(new NpgsqlParameter { Value = batch.Select(p => p.Time).ToArray() });
            select.Parameters.Add(new NpgsqlParameter { Value = nodeId });
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                existing[(reader.GetInt64(0), reader.GetInt32(1), reader.GetInt64(2))] = ReadAggregate(reader, 3);
            }
        }

        var merged = new Dictionary<(long, int, long), Aggregate>();
        foreach (var p in batch)
        {
            var slot = (p.SeriesId, p.Resolution, p.Time);
            var start = merged.TryGetValue(slot, out var m) ? m : existing.GetValueOrDefault(slot);
            merged[slot] = Aggregate.Merge(start, p.Value);
        }

        if (merged.Count > 0)
        {
            using var upsert = new NpgsqlCommand("""
                INSERT INTO metric_points(series, res, t, node, count, sum, min, max, hist)
                SELECT s, r, t, $4, c, su, mi, ma, h
                FROM unnest($1::bigint[], $2::integer[], $3::bigint[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::bytea[]) AS u(s, r, t, c, su, mi, ma, h)
                ON CONFLICT (series, res, t, node) DO UPDATE SET
                    count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max, hist = excluded.hist
                """, connection, tx);
            var rows = merged.ToList();
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Item1).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Item2).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Key.Item3).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = nodeId });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Count).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Sum).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Min).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter { Value = rows.Select(r => r.Value.Max).ToArray() });
            upsert.Parameters.Add(new NpgsqlParameter
            {
                NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea,
                Value = rows.Select(r => r.Value.Histogram is null ? null : HistogramCodec.Encode(r.Value.Histogram)).ToArray(),
            });
            upsert.ExecuteNonQuery();
        }

        var touched = touchedSeries.ToList();
        if (touched.Count > 0)
        {
            using var touch = new NpgsqlCommand("""
                UPDATE metric_series m SET unit = u.unit, last_t = greatest(m.last_t, u.t)
                FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS u(id, unit, t)
                WHERE m.id = u.id
                """, connection, tx);
            touch.Parameters.Add(new NpgsqlParameter { Value = touched.Select(s => s.Id).ToArray() });
            touch.Parameters.Add(new NpgsqlParameter { Value = touched.Select(s => s.Unit).ToArray() });
            touch.Parameters.Add(new NpgsqlParameter { Value = touched.Select(s => s.LastTime).ToArray() });
            touch.ExecuteNonQuery();
        }

        tx.Commit();
    }

    public List<(long Time, Aggregate Value)> Read(long seriesId, int resolution, long from, long to)
    {
        using var command = db.CreateCommand("SELECT t, count, sum, min, max, hist FROM metric_points WHERE series = $1 AND res = $2 AND t >= $3 AND t < $4 ORDER BY t");
        command.Parameters.Add(new NpgsqlParameter { Value = seriesId });
        command.Parameters.Add(new NpgsqlParameter { Value = resolution });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        using var reader = command.ExecuteReader();
        var result = new List<(long Time, Aggregate Value)>();
        while (reader.Read())
        {
            var t = reader.GetInt64(0);
            var value = ReadAggregate(reader, 1);
            if (result.Count > 0 && result[^1].Time == t)
            {
                result[^1] = (t, Aggregate.Merge(result[^1].Value, value));
            }
            else
            {
                result.Add((t, value));
            }
        }

        return result;
    }

    public int DeleteBefore(int resolution, long time)
    {
        using var command = db.CreateCommand("DELETE FROM metric_points WHERE res = $1 AND t < $2");
        command.Parameters.Add(new NpgsqlParameter { Value = resolution });
        command.Parameters.Add(new NpgsqlParameter { Value = time });
        return command.ExecuteNonQuery();
    }

    public long? OldestTime(int resolution)
    {
        using var command = db.CreateCommand("SELECT min(t) FROM metric_points WHERE res = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = resolution });
        return command.ExecuteScalar() is long t ? t : null;
    }

    public long CountPoints(int resolution)
    {
        // Distinct periods, not node rows: the same figure a single SQLite node reports.
        using var command = db.CreateCommand("SELECT count(*) FROM (SELECT DISTINCT series, t FROM metric_points WHERE res = $1) d");
        command.Parameters.Add(new NpgsqlParameter { Value = resolution });
        return (long)command.ExecuteScalar()!;
    }

    // PostgreSQL's autovacuum gives deleted rows' space back; nothing to do here.
    public void ReleaseFreePages()
    {
    }

    // The data source belongs to the control-plane store.
    public void Dispose()
    {
    }

    private static Aggregate ReadAggregate(NpgsqlDataReader reader, int first) => new(
        reader.GetDouble(first),
        reader.GetDouble(first + 1),
        reader.GetDouble(first + 2),
        reader.GetDouble(first + 3),
        reader.IsDBNull(first + 4) ? null : HistogramCodec.Decode(reader.GetFieldValue<byte[]>(first + 4)));

    private long? Scalar(string sql)
    {
        using var command = db.CreateCommand(sql);
        return command.ExecuteScalar() is long v ? v : null;
    }
}
