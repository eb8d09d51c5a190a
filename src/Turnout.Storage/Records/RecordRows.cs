using System.Data.Common;

namespace Turnout.Storage.Records;

/// <summary>
/// Rows to records for every relational store (SQLite, PostgreSQL): the tables share column names and order,
/// and times are stored as epoch milliseconds. The SQL around them differs per database and stays with each store.
/// </summary>
internal static class RecordRows
{
    /// <summary>The endpoint columns in the order <see cref="Endpoint"/> reads them.</summary>
    public const string EndpointSelect =
        "SELECT name, arn, config_name, status, failure_reason, created, modified, doc FROM endpoints";

    public static DateTimeOffset Time(DbDataReader r, int i) => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(i));

    /// <summary>Reads <c>name, arn, created, doc</c>.</summary>
    public static ModelRecord Model(DbDataReader r) => new(r.GetString(0), r.GetString(1), Time(r, 2), r.GetString(3));

    /// <summary>Reads <c>name, arn, created, doc</c>.</summary>
    public static EndpointConfigRecord EndpointConfig(DbDataReader r) => new(r.GetString(0), r.GetString(1), Time(r, 2), r.GetString(3));

    public static EndpointRecord Endpoint(DbDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3),
        r.IsDBNull(4) ? null : r.GetString(4), Time(r, 5), Time(r, 6), r.GetString(7));

    /// <summary>Reads <c>name, doc</c>.</summary>
    public static AlarmRecord Alarm(DbDataReader r) => new(r.GetString(0), r.GetString(1));

    /// <summary>Reads <c>alarm_name, ts, item_type, summary, data</c>.</summary>
    public static AlarmHistoryRecord AlarmHistory(DbDataReader r) =>
        new(r.GetString(0), Time(r, 1), r.GetString(2), r.GetString(3), r.GetString(4));

    public static List<T> All<T, TReader>(TReader reader, Func<TReader, T> read)
        where TReader : DbDataReader
    {
        var result = new List<T>();
        while (reader.Read())
        {
            result.Add(read(reader));
        }

        return result;
    }

    /// <summary>Reads <c>event_key, label</c> rows into a map.</summary>
    public static Dictionary<string, string> Labels(DbDataReader reader)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }

        return result;
    }
}
