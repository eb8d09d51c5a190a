using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>
/// Evaluates metric math over the request's series. Arithmetic between series matches timestamps (a point
/// missing on either side is dropped, as are non-finite results such as x/0); a scalar applies to every point;
/// an array applies element-wise. SUM/AVG/MIN/MAX of an array give one series (per timestamp, over the series
/// that have a point there) and of a single series a scalar, as CloudWatch documents.
/// </summary>
internal sealed class MathEvaluator(
    Func<string, MathValue?> resolve,
    IReadOnlyList<TimeSeries> metricStats,
    long startSeconds,
    long endSeconds)
{
    public MathValue Evaluate(MathNode node) => node.Kind switch
    {
        MathNodeKind.Number => MathValue.Of(node.Number),
        MathNodeKind.Reference => resolve(node.Name) ?? throw Invalid($"the id '{node.Name}' does not name a query in this request"),
        MathNodeKind.Negate => Map(Evaluate(node.Args[0]), v => -v),
        MathNodeKind.Add => Binary(node, (a, b) => a + b),
        MathNodeKind.Subtract => Binary(node, (a, b) => a - b),
        MathNodeKind.Multiply => Binary(node, (a, b) => a * b),
        MathNodeKind.Divide => Binary(node, (a, b) => a / b),
        MathNodeKind.Power => Binary(node, Math.Pow),
        MathNodeKind.Call => Call(node),
        MathNodeKind.Text => throw Invalid($"the string \"{node.Name}\" can only be an argument of METRICS"),
        _ => throw Invalid($"{node.Name} can only be an argument of FILL"),
    };

    private MathValue Call(MathNode node)
    {
        var args = node.Args;
        switch (node.Name)
        {
            case "METRICS":
                var filter = args.Count switch
                {
                    0 => null,
                    1 when args[0].Kind == MathNodeKind.Text => args[0].Name,
                    _ => throw Invalid("METRICS takes no argument or one string"),
                };
                return MathValue.Array([.. metricStats.Where(s => filter is null || s.Id.Contains(filter, StringComparison.Ordinal))]);
            case "SUM":
                return Reduce(One(node), values => values.Sum());
            case "AVG":
                return Reduce(One(node), values => values.Average());
            case "MIN":
                return Reduce(One(node), values => values.Min());
            case "MAX":
                return Reduce(One(node), values => values.Max());
            case "ABS":
                return Map(One(node), Math.Abs);
            case "RATE":
                return PerSeries(One(node), s => Consecutive(s, (t0, v0, t1, v1) => (v1 - v0) / (t1 - t0)));
            case "DIFF":
                return PerSeries(One(node), s => Consecutive(s, (_, v0, _, v1) => v1 - v0));
            case "PERIOD":
                var of = One(node);
                return MathValue.Of(of.Series.Count > 0 ? of.Series[0].Period : throw Invalid("PERIOD needs a metric"));
            case "FILL":
                if (args.Count != 2)
                {
                    throw Invalid("FILL takes a metric and a value, REPEAT or LINEAR");
                }

                var target = Evaluate(args[0]);
                var how = args[1];
                if (how.Kind == MathNodeKind.Keyword && how.Name is "REPEAT" or "LINEAR")
                {
                    return PerSeries(target, s => Fill(s, how.Name == "LINEAR", null));
                }

                var with = Evaluate(how);
                return with.Scalar is { } fillValue ? PerSeries(target, s => Fill(s, false, fillValue)) : throw Invalid("FILL's value must be a number, REPEAT or LINEAR");
            default:
                throw Invalid($"the function {node.Name} is not supported (supported: METRICS, SUM, AVG, MIN, MAX, ABS, RATE, DIFF, PERIOD, FILL)");
        }
    }

    private MathValue One(MathNode call) =>
        call.Args.Count == 1 ? Evaluate(call.Args[0]) : throw Invalid($"{call.Name} takes one argument");

    private MathValue Binary(MathNode node, Func<double, double, double> op)
    {
        var left = Evaluate(node.Args[0]);
        var right = Evaluate(node.Args[1]);
        if (left.Scalar is { } a && right.Scalar is { } b)
        {
            return MathValue.Of(op(a, b));
        }

        if (left.Scalar is { } ls)
        {
            return Map(right, v => op(ls, v));
        }

        if (right.Scalar is { } rs)
        {
            return Map(left, v => op(v, rs));
        }

        if (left.IsArray && right.IsArray)
        {
            if (left.Series.Count != right.Series.Count)
            {
                throw Invalid("arithmetic between two arrays needs arrays of the same length");
            }

            return MathValue.Array([.. left.Series.Zip(right.Series, (x, y) => Combine(x, y, op))]);
        }

        if (left.IsArray)
        {
            return MathValue.Array([.. left.Series.Select(x => Combine(x, right.Series[0], op))]);
        }

        if (right.IsArray)
        {
            return MathValue.Array([.. right.Series.Select(y => Combine(left.Series[0], y, op))]);
        }

        return MathValue.Of(Combine(left.Series[0], right.Series[0], op));
    }

    private static TimeSeries Combine(TimeSeries x, TimeSeries y, Func<double, double, double> op)
    {
        var points = new SortedDictionary<long, double>();
        foreach (var (t, a) in x.Points)
        {
            if (y.Points.TryGetValue(t, out var b) && op(a, b) is var v && double.IsFinite(v))
            {
                points[t] = v;
            }
        }

        return new TimeSeries(x.Id, x.Label, Math.Max(x.Period, y.Period), points);
    }

    private static MathValue Map(MathValue value, Func<double, double> op)
    {
        if (value.Scalar is { } s)
        {
            return MathValue.Of(op(s));
        }

        return PerSeries(value, series =>
        {
            var points = new SortedDictionary<long, double>();
            foreach (var (t, v) in series.Points)
            {
                if (op(v) is var r && double.IsFinite(r))
                {
                    points[t] = r;
                }
            }

            return series.With(points);
        });
    }

    private static MathValue PerSeries(MathValue value, Func<TimeSeries, TimeSeries> op)
    {
        if (value.IsScalar)
        {
            throw Invalid("this function needs a time series, not a scalar");
        }

        return value.IsArray ? MathValue.Array([.. value.Series.Select(op)]) : MathValue.Of(op(value.Series[0]));
    }

    private static MathValue Reduce(MathValue value, Func<IEnumerable<double>, double> reduce)
    {
        if (value.Scalar is not null)
        {
            return value;
        }

        if (!value.IsArray)
        {
            var points = value.Series[0].Points;
            return points.Count == 0 ? MathValue.Of(double.NaN) : MathValue.Of(reduce(points.Values));
        }

        var byTime = new SortedDictionary<long, List<double>>();
        foreach (var series in value.Series)
        {
            foreach (var (t, v) in series.Points)
            {
                if (!byTime.TryGetValue(t, out var list))
                {
                    byTime[t] = list = [];
                }

                list.Add(v);
            }
        }

        var result = new SortedDictionary<long, double>();
        foreach (var (t, values) in byTime)
        {
            result[t] = reduce(values);
        }

        var period = value.Series.Count > 0 ? value.Series.Max(s => s.Period) : 60;
        return MathValue.Of(new TimeSeries(string.Empty, string.Empty, period, result));
    }

    private static TimeSeries Consecutive(TimeSeries series, Func<long, double, long, double, double> op)
    {
        var points = new SortedDictionary<long, double>();
        long? previousTime = null;
        double previous = 0;
        foreach (var (t, v) in series.Points)
        {
            if (previousTime is { } pt && op(pt, previous, t, v) is var r && double.IsFinite(r))
            {
                points[t] = r;
            }

            previousTime = t;
            previous = v;
        }

        return series.With(points);
    }

    // Fills every period of the query window: a constant, the previous value (REPEAT) or a straight line
    // between neighbours (LINEAR); before the first point REPEAT and LINEAR use the first value.
    private TimeSeries Fill(TimeSeries series, bool linear, double? constant)
    {
        var period = Math.Max(1, series.Period);
        var first = startSeconds - (((startSeconds % period) + period) % period);
        var known = series.Points.ToList();
        var points = new SortedDictionary<long, double>(series.Points);
        if (constant is null && known.Count == 0)
        {
            return series.With(points);
        }

        var next = 0;
        for (var t = first; t < endSeconds; t += period)
        {
            while (next < known.Count && known[next].Key < t)
            {
                next++;
            }

            if (points.ContainsKey(t))
            {
                continue;
            }

            if (constant is { } c)
            {
                points[t] = c;
            }
            else if (next == 0)
            {
                points[t] = known[0].Value;
            }
            else if (next >= known.Count || !linear)
            {
                points[t] = known[next - 1].Value;
            }
            else
            {
                var (t0, v0) = known[next - 1];
                var (t1, v1) = known[next];
                points[t] = v0 + ((v1 - v0) * (t - t0) / (t1 - t0));
            }
        }

        return series.With(points);
    }

    private static CloudWatchException Invalid(string what) => CloudWatchException.Invalid($"Error in metric math expression: {what}.");
}
