using System.Globalization;

namespace Turnout.Wire.CloudWatch.Query;

/// <summary>
/// Turns flat query-protocol parameters (<c>Dimensions.member.1.Name=…</c>) into the nested maps and lists
/// every protocol decodes to: dotted keys become nested maps, and a map holding only <c>member</c> with
/// numeric children becomes a list ordered by index.
/// </summary>
internal static class QueryForm
{
    public static Dictionary<string, object?> ToTree(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var root = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            Insert(root, key.Split('.'), value);
        }

        return (Dictionary<string, object?>)Normalize(root)!;
    }

    private static void Insert(Dictionary<string, object?> root, string[] path, string value)
    {
        var node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (node.TryGetValue(path[i], out var child) && child is Dictionary<string, object?> map)
            {
                node = map;
                continue;
            }

            // A nested key wins over a scalar at the same name ("Dimensions=" plus "Dimensions.member.1…").
            var fresh = new Dictionary<string, object?>(StringComparer.Ordinal);
            node[path[i]] = fresh;
            node = fresh;
        }

        var leaf = path[^1];
        if (!node.TryGetValue(leaf, out var existing) || existing is not Dictionary<string, object?>)
        {
            node[leaf] = value;
        }
    }

    private static object? Normalize(object? node)
    {
        if (node is not Dictionary<string, object?> map)
        {
            return node;
        }

        if (map.Count == 1 && map.TryGetValue("member", out var members) && members is Dictionary<string, object?> indexed)
        {
            var entries = new List<(int Index, object? Value)>(indexed.Count);
            foreach (var (key, value) in indexed)
            {
                if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 1)
                {
                    throw new FormatException($"Invalid list index '{key}'.");
                }

                entries.Add((index, Normalize(value)));
            }

            entries.Sort((a, b) => a.Index.CompareTo(b.Index));
            return entries.ConvertAll(e => e.Value);
        }

        var result = new Dictionary<string, object?>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            result[key] = Normalize(value);
        }

        return result;
    }
}
