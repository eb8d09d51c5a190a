namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>What a metric-math expression evaluates to: a scalar, one time series, or an array of them.</summary>
internal sealed class MathValue
{
    private MathValue(double? scalar, IReadOnlyList<TimeSeries> series, bool isArray)
    {
        Scalar = scalar;
        Series = series;
        IsArray = isArray;
    }

    public double? Scalar { get; }
    public IReadOnlyList<TimeSeries> Series { get; }
    public bool IsArray { get; }
    public bool IsScalar => Scalar is not null;

    public static MathValue Of(double scalar) => new(scalar, [], false);

    public static MathValue Of(TimeSeries series) => new(null, [series], false);

    public static MathValue Array(IReadOnlyList<TimeSeries> series) => new(null, series, true);
}
