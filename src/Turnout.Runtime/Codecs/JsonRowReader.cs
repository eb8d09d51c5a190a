using System.Text.Json;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Reads one JSON row, <c>[1.5, null, 3]</c> or <c>{"features": [...]}</c>, straight from the reader's raw
/// number bytes into the feature row (null is missing). Shared by the JSON and JSON Lines decoders.
/// </summary>
internal static class JsonRowReader
{
    /// <summary>Reads the row at the reader's current token (StartArray or StartObject).</summary>
    public static DecodeError? Read(ref Utf8JsonReader reader, ref FeatureRows rows, bool acceptsOneFewer, int rowIndex)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            bool found = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("features"u8) && !found)
                {
                    found = true;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return Error($"{Where(rowIndex)}: \"features\" must be an array of numbers.");
                    }

                    if (ReadArray(ref reader, ref rows, acceptsOneFewer, rowIndex) is { } error)
                    {
                        return error;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            return found ? null : Error($"{Where(rowIndex)} is an object without \"features\".");
        }

        return reader.TokenType == JsonTokenType.StartArray
            ? ReadArray(ref reader, ref rows, acceptsOneFewer, rowIndex)
            : Error($"{Where(rowIndex)} must be an array of numbers or an object with \"features\".");
    }

    private static DecodeError? ReadArray(ref Utf8JsonReader reader, ref FeatureRows rows, bool acceptsOneFewer, int rowIndex)
    {
        var row = rows.Add();
        int count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (count == row.Length)
            {
                // Count the rest for the message.
                do
                {
                    count++;
                    reader.Skip();
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
                return CountError(count, row.Length);
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    if (!Utf8FloatParser.TryParse(reader.ValueSpan, out row[count]))
                    {
                        return Error($"{Where(rowIndex)}: {LibSvmDecoder.Printable(reader.ValueSpan)} is not a float.");
                    }

                    break;
                case JsonTokenType.Null:
                    break; // missing; the row starts as NaN
                default:
                    return Error($"{Where(rowIndex)}: features must be numbers or null, found {reader.TokenType}.");
            }

            count++;
        }

        if (count != row.Length && !(acceptsOneFewer && count == row.Length - 1))
        {
            return CountError(count, row.Length);
        }

        return null;
    }

    private static string Where(int rowIndex) => rowIndex < 0 ? "the row" : $"row {rowIndex}";

    public static DecodeError Error(string detail) =>
        new(415, "Loading JSON data failed, please ensure data is {\"instances\": [[...], ...]} or {\"features\": [...]}: " + detail);

    private static DecodeError CountError(int columns, int featureCount) => new(400,
        $"Unable to evaluate payload provided: Feature size of json inference data {columns} is not consistent with feature size of trained model {featureCount}.");
}
