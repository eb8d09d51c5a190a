using System.Text.Json;

namespace Turnout.Runtime.Codecs;

/// <summary>Decodes application/jsonlines: one row per line, <c>[…]</c> or <c>{"features": […]}</c>; blank lines are skipped.</summary>
public static class JsonLinesDecoder
{
    public static DecodeError? Decode(ReadOnlySpan<byte> body, ref FeatureRows rows, bool acceptsOneFewer)
    {
        while (!body.IsEmpty)
        {
            int newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            var reader = new Utf8JsonReader(line);
            try
            {
                reader.Read();
                if (JsonRowReader.Read(ref reader, ref rows, acceptsOneFewer, rows.Count) is { } error)
                {
                    return error;
                }

                if (reader.Read())
                {
                    return JsonRowReader.Error($"unexpected data after row {rows.Count - 1}; send one JSON row per line.");
                }
            }
            catch (JsonException e)
            {
                return JsonRowReader.Error($"row {rows.Count}: {e.Message}");
            }
        }

        return rows.Count == 0 ? new DecodeError(400, "The JSON Lines payload has no rows.") : null;
    }
}
