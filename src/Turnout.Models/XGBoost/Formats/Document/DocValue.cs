using System.Globalization;

namespace Turnout.Models.XGBoost.Formats.Document;

/// <summary>
/// A parsed JSON or UBJSON value. Floats are kept as float32 parsed straight from the text (never via
/// double, which could round twice), integers as int64; numeric arrays are stored unboxed.
/// </summary>
internal sealed class DocValue
{
    public static readonly DocValue Null = new(DocKind.Null);
    public static readonly DocValue True = new(DocKind.Bool) { Integer = 1 };
    public static readonly DocValue False = new(DocKind.Bool);

    private DocValue(DocKind kind) => Kind = kind;

    public DocKind Kind { get; }

    public long Integer { get; private init; }

    public float Single { get; private init; }

    public string? Text { get; private init; }

    public List<DocValue>? Items { get; private init; }

    public Dictionary<string, DocValue>? Members { get; private init; }

    /// <summary>NumberArray: the values as float32 (always set).</summary>
    public float[]? Singles { get; private init; }

    /// <summary>NumberArray: the values as integers, when every one is integral.</summary>
    public long[]? Integers { get; private init; }

    public static DocValue FromInteger(long value) => new(DocKind.Integer) { Integer = value, Single = value };

    public static DocValue FromSingle(float value) => new(DocKind.Float) { Single = value };

    public static DocValue FromString(string value) => new(DocKind.String) { Text = value };

    public static DocValue FromItems(List<DocValue> items) => new(DocKind.Array) { Items = items };

    public static DocValue FromMembers(Dictionary<string, DocValue> members) => new(DocKind.Object) { Members = members };

    public static DocValue FromNumbers(float[] singles, long[]? integers) =>
        new(DocKind.NumberArray) { Singles = singles, Integers = integers };

    public static DocValue FromIntegers(long[] integers)
    {
        var singles = new float[integers.Length];
        for (int i = 0; i < integers.Length; i++)
        {
            singles[i] = integers[i];
        }

        return FromNumbers(singles, integers);
    }

    public DocValue Get(string key, string where) =>
        TryGet(key) ?? throw new ModelFormatException($"'{key}' is missing in {where}");

    public DocValue? TryGet(string key) =>
        Members is not null && Members.TryGetValue(key, out var value) ? value : null;

    public string AsString(string what) =>
        Text ?? throw new ModelFormatException($"{what} should be a string");

    /// <summary>An integer, also accepting the quoted spelling XGBoost uses for parameters ("5").</summary>
    public long AsInteger(string what) => Kind switch
    {
        DocKind.Integer or DocKind.Bool => Integer,
        DocKind.String when long.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) => v,
        _ => throw new ModelFormatException($"{what} should be an integer"),
    };

    public int AsInt32(string what, int min = int.MinValue)
    {
        long v = AsInteger(what);
        return v < min || v > int.MaxValue ? throw new ModelFormatException($"{what} is out of range: {v}") : (int)v;
    }

    public IReadOnlyList<DocValue> AsItems(string what) => Kind switch
    {
        DocKind.Array => Items!,
        DocKind.NumberArray => Singles!.Length == 0 ? [] : throw new ModelFormatException($"{what} should be an array of objects"),
        _ => throw new ModelFormatException($"{what} should be an array"),
    };

    public float[] AsSingles(string what)
    {
        if (Kind == DocKind.NumberArray)
        {
            return Singles!;
        }

        var items = AsItems(what);
        var result = new float[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = items[i].Kind is DocKind.Integer or DocKind.Float
                ? items[i].Single
                : throw new ModelFormatException($"{what} should hold numbers");
        }

        return result;
    }

    public int[] AsInt32s(string what, int min = int.MinValue)
    {
        long[] values = AsInt64s(what);
        var result = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i] < min || values[i] > int.MaxValue
                ? throw new ModelFormatException($"{what} holds an out-of-range value {values[i]}")
                : (int)values[i];
        }

        return result;
    }

    /// <summary>Integers, accepting JSON booleans as 0/1 (1.0–1.5 wrote default_left as booleans).</summary>
    public long[] AsInt64s(string what)
    {
        if (Kind == DocKind.NumberArray)
        {
            return Integers ?? throw new ModelFormatException($"{what} should hold integers");
        }

        var items = AsItems(what);
        var result = new long[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = items[i].Kind is DocKind.Integer or DocKind.Bool
                ? items[i].Integer
                : throw new ModelFormatException($"{what} should hold integers");
        }

        return result;
    }
}
