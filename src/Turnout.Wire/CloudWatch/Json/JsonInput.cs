using System.Text.Json;

namespace Turnout.Wire.CloudWatch.Json;

/// <summary>Decodes an awsJson1_0 body into the plain maps/lists/scalars <see cref="Model.WireInput"/> reads.</summary>
internal static class JsonInput
{
    public static Dictionary<string, object?> Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        using var document = JsonDocument.ParseValue(ref reader);
        return Convert(document.RootElement) as Dictionary<string, object?>
            ?? throw new JsonException("The request body must be a JSON object.");
    }

    private static object? Convert(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    map[property.Name] = Convert(property.Value);
                }

                return map;
            case JsonValueKind.Array:
                var list = new List<object?>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    list.Add(Convert(item));
                }

                return list;
            case JsonValueKind.String:
                return element.GetString();
            case JsonValueKind.Number:
                return element.TryGetInt64(out var l) ? l : element.GetDouble();
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }
}
