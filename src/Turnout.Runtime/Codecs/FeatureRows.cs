using System.Buffers;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// A growable row-major float32 feature matrix over pooled arrays, for decoders that cannot size the
/// payload up front (libsvm, JSON, RecordIO). Pass it by <c>ref</c>; <see cref="Dispose"/> returns the array.
/// </summary>
public struct FeatureRows : IDisposable
{
    private float[] _values;

    public FeatureRows(int featureCount, int initialRows)
    {
        FeatureCount = featureCount;
        _values = ArrayPool<float>.Shared.Rent(Math.Max(1, featureCount * Math.Max(1, initialRows)));
        Count = 0;
    }

    public int FeatureCount { get; }

    public int Count { get; private set; }

    public readonly ReadOnlySpan<float> Values => _values.AsSpan(0, Count * FeatureCount);

    /// <summary>Appends a row and returns it for the decoder to fill; every value starts missing (NaN).</summary>
    public Span<float> Add()
    {
        int needed = (Count + 1) * FeatureCount;
        if (needed > _values.Length)
        {
            var larger = ArrayPool<float>.Shared.Rent(Math.Max(needed, _values.Length * 2));
            _values.AsSpan(0, Count * FeatureCount).CopyTo(larger);
            ArrayPool<float>.Shared.Return(_values);
            _values = larger;
        }

        var row = _values.AsSpan(Count * FeatureCount, FeatureCount);
        row.Fill(float.NaN);
        Count++;
        return row;
    }

    /// <summary>
    /// Space for <paramref name="rowCount"/> rows after the current ones, for decoders that size the payload
    /// up front (CSV); <see cref="Commit"/> then records how many they filled.
    /// </summary>
    public Span<float> Reserve(int rowCount)
    {
        int needed = (Count + rowCount) * FeatureCount;
        if (needed > _values.Length)
        {
            var larger = ArrayPool<float>.Shared.Rent(needed);
            _values.AsSpan(0, Count * FeatureCount).CopyTo(larger);
            ArrayPool<float>.Shared.Return(_values);
            _values = larger;
        }

        return _values.AsSpan(Count * FeatureCount, rowCount * FeatureCount);
    }

    public void Commit(int rowCount) => Count += rowCount;

    /// <summary>Turns every value equal to <paramref name="missing"/> into NaN (XGBoost's DMatrix <c>missing</c>).</summary>
    public readonly void MarkMissing(float missing)
    {
        if (float.IsNaN(missing))
        {
            return;
        }

        var values = _values.AsSpan(0, Count * FeatureCount);
        int i;
        while ((i = values.IndexOf(missing)) >= 0)
        {
            values[i] = float.NaN;
            values = values[(i + 1)..];
        }
    }

    /// <summary>Drops the last row (a decoder that added a row and then found it blank).</summary>
    public void RemoveLast() => Count--;

    public void Dispose()
    {
        var values = _values;
        _values = [];
        if (values is { Length: > 0 })
        {
            ArrayPool<float>.Shared.Return(values);
        }
    }
}
