namespace Turnout.Runtime.Codecs;

/// <summary>
/// Decodes text/libsvm (and text/x-libsvm, and a request without Content-Type): one row per line,
/// <c>[label] index:value …</c> separated by spaces or tabs. The label and <c>qid:</c> are ignored,
/// indices are 0-based feature numbers as in the container, and absent features are missing.
/// </summary>
public static class LibSvmDecoder
{
    public static DecodeError? Decode(ReadOnlySpan<byte> body, ref FeatureRows rows)
    {
        int featureCount = rows.FeatureCount;
        int lineNumber = 0;
        while (!body.IsEmpty)
        {
            int newline = body.IndexOf((byte)'\n');
            var line = newline < 0 ? body : body[..newline];
            body = newline < 0 ? default : body[(newline + 1)..];
            lineNumber++;
            line = line.TrimEnd((byte)'\r');
            if (IsBlank(line))
            {
                continue;
            }

            var row = rows.Add();
            bool first = true;
            while (true)
            {
                line = line.TrimStart(" \t"u8);
                if (line.IsEmpty)
                {
                    break;
                }

                int end = line.IndexOfAny((byte)' ', (byte)'\t');
                var token = end < 0 ? line : line[..end];
                line = end < 0 ? default : line[end..];
                int colon = token.IndexOf((byte)':');
                if (colon < 0)
                {
                    if (!first)
                    {
                        return Error(415, $"'{Printable(token)}' in line {lineNumber} is not an index:value pair.");
                    }

                    if (!Utf8FloatParser.TryParse(token, out _))
                    {
                        return Error(415, $"the label '{Printable(token)}' in line {lineNumber} is not a number.");
                    }

                    first = false;
                    continue; // the label
                }

                first = false;
                var index = token[..colon];
                if (index.SequenceEqual("qid"u8))
                {
                    continue;
                }

                if (!TryParseIndex(index, out int feature))
                {
                    return Error(415, $"'{Printable(token)}' in line {lineNumber} does not start with a feature index.");
                }

                if (feature >= featureCount)
                {
                    return new DecodeError(400,
                        $"Unable to evaluate payload provided: feature index {feature} in line {lineNumber} of the libsvm data is out of range; the model has {featureCount} features (indices 0 to {featureCount - 1}).");
                }

                if (!Utf8FloatParser.TryParse(token[(colon + 1)..], out row[feature]))
                {
                    return Error(415, $"'{Printable(token)}' in line {lineNumber} does not have a numeric value.");
                }
            }
        }

        return rows.Count == 0
            ? new DecodeError(400, "The libsvm payload has no rows. Send one row per line as index:value pairs (a request without Content-Type is read as libsvm; send Content-Type: text/csv for CSV).")
            : null;
    }

    private static bool TryParseIndex(ReadOnlySpan<byte> text, out int index)
    {
        index = 0;
        if (text.IsEmpty || text.Length > 9)
        {
            return false;
        }

        foreach (byte b in text)
        {
            uint d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            index = (index * 10) + (int)d;
        }

        return true;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t"u8).IsEmpty;

    private static DecodeError Error(int status, string detail) =>
        new(status, "Loading libsvm data failed, please ensure data is in libsvm format: " + detail
            + " (A request without Content-Type is read as libsvm, as the XGBoost container does; send Content-Type: text/csv for CSV.)");

    internal static string Printable(ReadOnlySpan<byte> field)
    {
        var text = System.Text.Encoding.UTF8.GetString(field.Length > 40 ? field[..40] : field);
        return field.Length > 40 ? text + "…" : text;
    }
}
