namespace Turnout.Metrics.Histograms;

/// <summary>
/// An immutable sparse log-linear histogram: bucket keys ascending (see <see cref="LogLinear"/>) with their
/// sample counts. Counts are doubles because CloudWatch's Values/Counts accepts fractional counts.
/// </summary>
public sealed class Histogram
{
    public static readonly Histogram Empty = new([], []);

    private readonly int[] _keys;
    private readonly double[] _counts;

    internal Histogram(int[] keys, double[] counts)
    {
        _keys = keys;
        _counts = counts;
        double total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        TotalCount = total;
    }

    public double TotalCount { get; }

    internal ReadOnlySpan<int> Keys => _keys;

    internal ReadOnlySpan<double> Counts => _counts;

    public int BucketCount => _keys.Length;

    /// <summary>A histogram of (value, count) pairs in any order; zero or negative counts are skipped.</summary>
    public static Histogram FromValues(IEnumerable<(double Value, double Count)> values)
    {
        var map = new SortedDictionary<int, double>();
        foreach (var (value, count) in values)
        {
            if (count > 0)
            {
                var key = LogLinear.KeyOf(value);
                map[key] = map.GetValueOrDefault(key) + count;
            }
        }

        return FromSorted(map);
    }

    /// <summary>From a dense hot-path array (index per <see cref="LogLinear.DenseIndex"/>).</summary>
    internal static Histogram FromDense(ReadOnlySpan<long> dense)
    {
        var used = 0;
        foreach (var c in dense)
        {
            if (c != 0)
            {
                used++;
            }
        }

        var keys = new int[used];
        var counts = new double[used];
        var j = 0;
        for (var i = 0; i < dense.Length; i++)
        {
            if (dense[i] != 0)
            {
                keys[j] = LogLinear.KeyOfDense(i);
                counts[j++] = dense[i];
            }
        }

        return new Histogram(keys, counts);
    }

    internal static Histogram FromSorted(IEnumerable<KeyValuePair<int, double>> sorted)
    {
        var keys = new List<int>();
        var counts = new List<double>();
        foreach (var (k, c) in sorted)
        {
            keys.Add(k);
            counts.Add(c);
        }

        return new Histogram([.. keys], [.. counts]);
    }

    public Histogram Merge(Histogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._keys.Length == 0)
        {
            return this;
        }

        if (_keys.Length == 0)
        {
            return other;
        }

        var keys = new List<int>(_keys.Length + other._keys.Length);
        var counts = new List<double>(keys.Capacity);
        int i = 0, j = 0;
        while (i < _keys.Length || j < other._keys.Length)
        {
            if (j >= other._keys.Length || (i < _keys.Length && _keys[i] < other._keys[j]))
            {
                keys.Add(_keys[i]);
                counts.Add(_counts[i++]);
            }
            else if (i >= _keys.Length || other._keys[j] < _keys[i])
            {
                keys.Add(other._keys[j]);
                counts.Add(other._counts[j++]);
            }
            else
            {
                keys.Add(_keys[i]);
                counts.Add(_counts[i++] + other._counts[j++]);
            }
        }

        return new Histogram([.. keys], [.. counts]);
    }

    /// <summary>
    /// The nearest-rank percentile (the smallest bucket holding at least <paramref name="percent"/> % of the
    /// samples), as that bucket's midpoint clamped to [<paramref name="min"/>, <paramref name="max"/>].
    /// Within <see cref="LogLinear.MaxRelativeError"/> of the exact sample at that rank.
    /// </summary>
    public double? Percentile(double percent, double min, double max)
    {
        if (_keys.Length == 0 || TotalCount <= 0)
        {
            return null;
        }

        var rank = Math.Max(Math.Ceiling(percent / 100 * TotalCount), Math.Min(1, TotalCount));
        double seen = 0;
        var key = _keys[^1];
        for (var i = 0; i < _keys.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                key = _keys[i];
                break;
            }
        }

        return Math.Clamp(LogLinear.Midpoint(key), min, Math.Max(min, max));
    }
}
