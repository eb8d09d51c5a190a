using System.Text;

namespace Turnout.Metrics.Series;

/// <summary>
/// A metric series' identity: namespace, name and dimension set (order-insensitive, as CloudWatch matches
/// it). <see cref="Canonical"/> is a stable text form used for equality and as the storage key.
/// </summary>
public sealed class SeriesKey : IEquatable<SeriesKey>
{
    public SeriesKey(string metricNamespace, string metricName, IEnumerable<MetricDimension> dimensions)
    {
        ArgumentException.ThrowIfNullOrEmpty(metricNamespace);
        ArgumentException.ThrowIfNullOrEmpty(metricName);
        ArgumentNullException.ThrowIfNull(dimensions);
        Namespace = metricNamespace;
        MetricName = metricName;
        Dimensions = [.. dimensions.OrderBy(d => d.Name, StringComparer.Ordinal).ThenBy(d => d.Value, StringComparer.Ordinal)];
        Canonical = BuildCanonical(Namespace, MetricName, Dimensions);
    }

    public string Namespace { get; }
    public string MetricName { get; }

    /// <summary>Sorted by name.</summary>
    public IReadOnlyList<MetricDimension> Dimensions { get; }

    public string Canonical { get; }

    public MetricIdentity ToIdentity() => new(Namespace, MetricName, Dimensions);

    public static SeriesKey Parse(string canonical)
    {
        ArgumentNullException.ThrowIfNull(canonical);
        var parts = canonical.Split('\n');
        var dims = new List<MetricDimension>();
        for (var i = 2; i + 1 < parts.Length; i += 2)
        {
            dims.Add(new MetricDimension(Unescape(parts[i]), Unescape(parts[i + 1])));
        }

        return new SeriesKey(Unescape(parts[0]), Unescape(parts[1]), dims);
    }

    public bool Equals(SeriesKey? other) => other is not null && string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SeriesKey);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Canonical);

    public override string ToString() => $"{Namespace}/{MetricName}{{{string.Join(",", Dimensions.Select(d => $"{d.Name}={d.Value}"))}}}";

    // Fields are newline-separated; newlines and backslashes inside values are escaped so the split is exact.
    private static string BuildCanonical(string ns, string name, IReadOnlyList<MetricDimension> dims)
    {
        var sb = new StringBuilder();
        sb.Append(Escape(ns)).Append('\n').Append(Escape(name));
        foreach (var d in dims)
        {
            sb.Append('\n').Append(Escape(d.Name)).Append('\n').Append(Escape(d.Value));
        }

        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Unescape(string s)
    {
        if (!s.Contains('\\', StringComparison.Ordinal))
        {
            return s;
        }

        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '\\' && i + 1 < s.Length)
            {
                sb.Append(s[++i] == 'n' ? '\n' : s[i]);
            }
            else
            {
                sb.Append(s[i]);
            }
        }

        return sb.ToString();
    }
}
