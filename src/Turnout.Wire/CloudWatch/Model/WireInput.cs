using System.Globalization;

namespace Turnout.Wire.CloudWatch.Model;

/// <summary>
/// Typed, validating access to one input structure decoded by any protocol. Values are the plain objects
/// the decoders produce: query gives only strings (so numbers, booleans and timestamps are parsed here and
/// an empty list arrives as ""), JSON and CBOR give typed values (timestamps as epoch numbers or tag 1).
/// </summary>
internal sealed class WireInput
{
    private static readonly Dictionary<string, object?> NoMembers = new(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, object?> _members;
    private readonly string _path;

    public WireInput(IReadOnlyDictionary<string, object?>? members, string path = "")
    {
        _members = members ?? NoMembers;
        _path = path;
    }

    public bool Has(string name) => _members.TryGetValue(name, out var v) && v is not null;

    public string? GetString(string name, bool required = false, int minLength = 0, int maxLength = int.MaxValue)
    {
        var value = Get(name, required);
        if (value is null)
        {
            return null;
        }

        if (value is not string s)
        {
            throw CloudWatchException.Invalid($"The parameter {Path(name)} must be a string.");
        }

        if (s.Length < minLength || s.Length > maxLength)
        {
            throw CloudWatchException.Invalid($"The parameter {Path(name)} must be between {minLength} and {maxLength} characters long.");
        }

        return s;
    }

    public long? GetInt64(string name, bool required = false)
    {
        switch (Get(name, required))
        {
            case null:
                return null;
            case long l:
                return l;
            case double d when d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue:
                return (long)d;
            case string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            default:
                throw CloudWatchException.Invalid($"The parameter {Path(name)} must be an integer.");
        }
    }

    public double? GetDouble(string name, bool required = false) => ToDouble(Get(name, required), Path(name));

    public IReadOnlyList<double> GetDoubleList(string name, int maxCount = int.MaxValue)
    {
        var items = GetList(name, maxCount);
        var result = new List<double>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(ToDouble(items[i], $"{Path(name)}.member.{i + 1}") ?? throw CloudWatchException.Invalid($"The parameter {Path(name)}.member.{i + 1} must be a number."));
        }

        return result;
    }

    /// <summary>The dotted parameter path of a member, as error messages name it.</summary>
    public string PathOf(string name) => Path(name);

    public bool? GetBoolean(string name)
    {
        return Get(name, false) switch
        {
            null => null,
            bool b => b,
            string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            _ => throw CloudWatchException.Invalid($"The parameter {Path(name)} must be a boolean."),
        };
    }

    public DateTimeOffset? GetTimestamp(string name, bool required = false)
    {
        var value = Get(name, required);
        var parsed = value switch
        {
            null => (DateTimeOffset?)null,
            DateTimeOffset t => t,
            long seconds => FromEpoch(seconds),
            double seconds => FromEpoch(seconds),
            string s => ParseTimestamp(s),
            _ => null,
        };
        if (value is not null && parsed is null)
        {
            throw CloudWatchException.Invalid($"The parameter {Path(name)} must be a valid ISO 8601 timestamp or epoch seconds.");
        }

        return parsed;
    }

    public IReadOnlyList<string> GetStringList(string name, int maxCount = int.MaxValue)
    {
        var items = GetList(name, maxCount);
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(items[i] as string ?? throw CloudWatchException.Invalid($"The parameter {Path(name)}.member.{i + 1} must be a string."));
        }

        return result;
    }

    public IReadOnlyList<WireInput> GetStructureList(string name, int maxCount = int.MaxValue)
    {
        var items = GetList(name, maxCount);
        var result = new List<WireInput>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var member = items[i] as IReadOnlyDictionary<string, object?>
                ?? throw CloudWatchException.Invalid($"The parameter {Path(name)}.member.{i + 1} must be a structure.");
            result.Add(new WireInput(member, $"{Path(name)}.member.{i + 1}."));
        }

        return result;
    }

    public WireInput? GetStructure(string name, bool required = false)
    {
        return Get(name, required) switch
        {
            null => null,
            IReadOnlyDictionary<string, object?> map => new WireInput(map, $"{Path(name)}."),
            _ => throw CloudWatchException.Invalid($"The parameter {Path(name)} must be a structure."),
        };
    }

    private IReadOnlyList<object?> GetList(string name, int maxCount)
    {
        IReadOnlyList<object?> items = Get(name, false) switch
        {
            null => [],
            // The query protocol sends an empty list as "Name=".
            string { Length: 0 } => [],
            IReadOnlyList<object?> list => list,
            _ => throw CloudWatchException.Invalid($"The parameter {Path(name)} must be a list."),
        };
        if (items.Count > maxCount)
        {
            throw CloudWatchException.Invalid($"The collection {Path(name)} must not have a size greater than {maxCount}.");
        }

        return items;
    }

    private object? Get(string name, bool required)
    {
        _members.TryGetValue(name, out var value);
        if (value is null && required)
        {
            throw CloudWatchException.Missing(Path(name));
        }

        return value;
    }

    private static double? ToDouble(object? value, string path) => value switch
    {
        null => null,
        double d => d,
        long l => l,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw CloudWatchException.Invalid($"The parameter {path} must be a number."),
    };

    private string Path(string name) => _path + name;

    private static DateTimeOffset? FromEpoch(double seconds) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < 253402300799
            ? DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : null;

    private static DateTimeOffset? ParseTimestamp(string text)
    {
        // botocore sends YYYY-MM-DDTHH:MM:SS[.ffffff]Z; other clients may send offsets. No zone means UTC.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) ? FromEpoch(seconds) : null;
    }
}
