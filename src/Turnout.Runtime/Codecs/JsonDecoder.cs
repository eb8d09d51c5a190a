using System.Text.Json;

namespace Turnout.Runtime.Codecs;

/// <summary>
/// Decodes application/json: <c>{"instances": [[…], …]}</c> (rows may also be <c>{"features": […]}</c>),
/// <c>{"features": […]}</c> for one row, or a bare array of rows or of numbers. Numbers go straight from the
/// request bytes to float32 (decimal → double → float32); null is missing.
/// </summary>
public static class JsonDecoder
{
    public static DecodeError? Decode(ReadOnlySpan<byte> body, ref FeatureRows rows, bool acceptsOneFewer)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (!reader.Read())
            {
                return JsonRowReader.Error("the body is empty.");
            }

            var error = reader.TokenType switch
            {
                JsonTokenType.StartObject => ReadObject(ref reader, ref rows, acceptsOneFewer),
                JsonTokenType.StartArray => ReadTopArray(ref reader, ref rows, acceptsOneFewer),
                _ => JsonRowReader.Error("the body is not a JSON object or array."),
            };
            if (error is not null)
            {
                return error;
            }

            if (reader.Read())
            {
                return JsonRowReader.Error("unexpected data after the JSON value.");
            }
        }
        catch (JsonException e)
        {
            return JsonRowReader.Error(e.Message);
        }

        return rows.Count == 0 ? new DecodeError(400, "The JSON payload has no rows.") : null;
    }

    private static DecodeError? ReadObject(ref Utf8JsonReader reader, ref FeatureRows rows, bool acceptsOneFewer)
    {
        bool found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!found && reader.ValueTextEquals("instances"u8))
            {
                found = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return JsonRowReader.Error("\"instances\" must be an array of rows.");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (JsonRowReader.Read(ref reader, ref rows, acceptsOneFewer, rows.Count) is { } error)
                    {
                        return error;
                    }
                }
            }
            else if (!found && reader.ValueTextEquals("features"u8))
            {
                found = true;
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return JsonRowReader.Error("\"features\" must be an array of numbers.");
                }

                if (JsonRowReader.Read(ref reader, ref rows, acceptsOneFewer, -1) is { } error)
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

        return found ? null : JsonRowReader.Error("the object has neither \"instances\" nor \"features\".");
    }

    private static DecodeError? ReadTopArray(ref Utf8JsonReader reader, ref FeatureRows rows, bool acceptsOneFewer)
    {
        // [[…], […]] is rows; [1, 2, 3] is one row.
        var peek = reader;
        peek.Read();
        if (peek.TokenType is JsonTokenType.Number or JsonTokenType.Null or JsonTokenType.EndArray)
        {
            return JsonRowReader.Read(ref reader, ref rows, acceptsOneFewer, -1);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (JsonRowReader.Read(ref reader, ref rows, acceptsOneFewer, rows.Count) is { } error)
            {
                return error;
            }
        }

        return null;
    }
}
